package dev.switchboard.source.email;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An IMAP or SMTP server of a mailbox, as the connect request gives it.
 *
 * @param host the server's host name
 * @param port its port
 * @param username the login
 * @param password the password (sealed at rest, never shown or logged)
 * @param security {@code tls} (TLS from the start), {@code starttls} (required) or
 * {@code none}
 */
record MailServer(
		@NotBlank @Size(max = 253) @Pattern(regexp = "[A-Za-z0-9._:\\[\\]-]+",
				message = "must be a host name or an IP address") String host,
		@NotNull @Min(1) @Max(65535) Integer port, @NotBlank @Size(max = 320) String username,
		@NotNull @Size(min = 1, max = 1024) String password,
		@NotNull @Pattern(regexp = "tls|starttls|none", message = "must be tls, starttls or none") String security) {

	boolean tls() {
		return "tls".equals(this.security);
	}

	boolean starttls() {
		return "starttls".equals(this.security);
	}

	/**
	 * The server as stored in the channel's settings, the password apart.
	 */
	void writeSettings(String prefix, Map<String, String> settings) {
		settings.put(prefix + ".host", this.host);
		settings.put(prefix + ".port", String.valueOf(this.port));
		settings.put(prefix + ".username", this.username);
		settings.put(prefix + ".security", this.security);
	}

	/**
	 * The server read back from a channel's settings and credentials.
	 */
	static MailServer read(String prefix, Map<String, String> settings, Map<String, String> credentials) {
		return new MailServer(settings.get(prefix + ".host"), Integer.valueOf(settings.get(prefix + ".port")),
				settings.get(prefix + ".username"), credentials.get(prefix + ".password"),
				settings.get(prefix + ".security"));
	}

	@Override
	public String toString() {
		return "MailServer[host=" + this.host + ", port=" + this.port + ", security=" + this.security + "]";
	}

}
