package dev.switchboard.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.common.error.InvalidFieldsException;

import org.springframework.stereotype.Component;

/**
 * Which URLs may receive webhooks: {@code https} (or {@code http} when allowed), and only
 * hosts whose every address is public, unless private targets are allowed. Checked when a
 * URL is subscribed and again on the addresses each delivery connects to, so a name that
 * resolves elsewhere later (DNS rebinding) is refused then.
 */
@Component
class Targets {

	static final int MAX_URL_LENGTH = 2048;

	private final HostResolver resolver;

	private final WebhookProperties properties;

	Targets(HostResolver resolver, WebhookProperties properties) {
		this.resolver = resolver;
		this.properties = properties;
	}

	/**
	 * Parses and checks a URL to subscribe, resolving its host.
	 * @throws InvalidFieldsException naming {@code url} when it may not receive webhooks
	 */
	URI check(String url) {
		URI uri = parse(url);
		try {
			resolve(uri.getHost());
		}
		catch (RefusedTargetException ex) {
			throw invalid(ex.getMessage());
		}
		catch (UnknownHostException ex) {
			throw invalid("its host does not resolve");
		}
		return uri;
	}

	/**
	 * The addresses of a host, when every one of them may receive webhooks.
	 * @throws RefusedTargetException when one may not
	 * @throws UnknownHostException when the host does not resolve
	 */
	InetAddress[] resolve(String host) throws UnknownHostException {
		String name = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		InetAddress[] addresses = this.resolver.resolve(name);
		if (addresses == null || addresses.length == 0) {
			throw new UnknownHostException(name);
		}
		if (!this.properties.allowPrivateTargets()) {
			for (InetAddress address : addresses) {
				if (!isPublic(address)) {
					throw new RefusedTargetException(
							"its host resolves to a loopback, private, link-local or multicast address");
				}
			}
		}
		return addresses;
	}

	private URI parse(String url) {
		if (url.length() > MAX_URL_LENGTH) {
			throw invalid("must be at most " + MAX_URL_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw invalid("must be an absolute URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(scheme.equals("http") && this.properties.allowHttp())) {
			throw invalid(this.properties.allowHttp() ? "must be an http or https URL" : "must be an https URL");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw invalid("must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid("must not carry a user name or password");
		}
		if (uri.getRawFragment() != null) {
			throw invalid("must not have a fragment");
		}
		return uri;
	}

	private static InvalidFieldsException invalid(String message) {
		return new InvalidFieldsException(Map.of("url", message));
	}

	/**
	 * Whether an address is on the public internet: not loopback, unspecified,
	 * link-local, private (RFC 1918, unique-local IPv6, shared address space), multicast,
	 * reserved or broadcast, also when an IPv6 address embeds an IPv4 one.
	 */
	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int a = bytes[0] & 0xff;
			int b = bytes[1] & 0xff;
			return a != 0 && !(a == 100 && b >= 64 && b < 128) && !(a == 192 && b == 0 && (bytes[2] & 0xff) == 0)
					&& !(a == 198 && (b == 18 || b == 19)) && a < 224;
		}
		if (address instanceof Inet6Address) {
			int first = bytes[0] & 0xff;
			if ((first & 0xfe) == 0xfc) {
				return false;
			}
			if (embedsIpv4(bytes)) {
				try {
					return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
		}
		return true;
	}

	// ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64)
	private static boolean embedsIpv4(byte[] bytes) {
		boolean zeros = true;
		for (int i = 0; i < 10; i++) {
			zeros &= bytes[i] == 0;
		}
		boolean mapped = zeros
				&& ((bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff));
		boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b;
		for (int i = 4; nat64 && i < 12; i++) {
			nat64 = bytes[i] == 0;
		}
		return mapped || nat64;
	}

	/**
	 * A host whose addresses may not receive webhooks.
	 */
	static final class RefusedTargetException extends UnknownHostException {

		RefusedTargetException(String message) {
			super(message);
		}

	}

}
