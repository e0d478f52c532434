package dev.switchboard.source.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.ChannelAccount;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelTypes;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.error.ForbiddenException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.source.inbox.WebhookInbox;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Meta's webhook contract, for the {@code /facebook}, {@code /instagram} and
 * {@code /whatsapp} controllers: the verify challenge, and signed deliveries stored
 * before they are acknowledged.
 */
@Component
public class MetaWebhooks {

	/**
	 * The largest webhook body accepted: Meta batches deliveries (up to about 3 MB), more
	 * than the API's 1 MiB request limit.
	 */
	public static final DataSize MAX_BODY = DataSize.ofMegabytes(4);

	private static final Logger log = LoggerFactory.getLogger(MetaWebhooks.class);

	private static final int MAX_NAMED = 100;

	private final WebhookInbox inbox;

	private final ChannelService channels;

	private final MetaApps apps;

	private final JsonMapper json;

	MetaWebhooks(WebhookInbox inbox, ChannelService channels, MetaApps apps, JsonMapper json) {
		this.inbox = inbox;
		this.channels = channels;
		this.apps = apps;
		this.json = json;
	}

	/**
	 * Answers Meta's subscription check: the challenge as plain text when the mode is
	 * {@code subscribe} and the verify token is the configured one.
	 * @throws ForbiddenException otherwise
	 */
	public ResponseEntity<String> verify(String mode, String verifyToken, String challenge, String expectedToken) {
		if ("subscribe".equals(mode) && challenge != null && expectedToken != null && !expectedToken.isEmpty()
				&& verifyToken != null && MessageDigest.isEqual(verifyToken.getBytes(StandardCharsets.UTF_8),
						expectedToken.getBytes(StandardCharsets.UTF_8))) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
		}
		throw new ForbiddenException("The hub.mode is not subscribe or the hub.verify_token does not match.");
	}

	/**
	 * Answers Meta's subscription check at an account's own URL
	 * ({@code /whatsapp/<account_key>}) with that account's verify token.
	 * @throws NotFoundException when no account has the key
	 * @throws ForbiddenException when the token is not the account's
	 */
	public ResponseEntity<String> verifyAccount(String source, String accountKey, String mode, String verifyToken,
			String challenge) {
		ChannelAccount account = account(source, accountKey);
		return verify(mode, verifyToken, challenge, account.verifyToken());
	}

	/**
	 * Stores a delivery at a source-wide URL ({@code /whatsapp}) whose signature matches.
	 * The secret is the app of the accounts the delivery names (a page, a phone number):
	 * their workspace's own app where it has one, else the properties' (the given
	 * defaults). Meta signs a delivery with one app, so accounts of different apps in one
	 * delivery are refused, and so is a delivery signed with another workspace's secret.
	 * @throws ForbiddenException when it does not match; nothing is stored
	 */
	public ResponseEntity<Void> receive(String source, MetaApp defaults, byte[] body, String signature,
			String contentType) {
		Set<String> secrets = namedSecrets(source, defaults, body);
		String secret = secrets.isEmpty() ? defaults.appSecret()
				: (secrets.size() == 1) ? secrets.iterator().next() : null;
		return store(source, secret, body, signature, contentType);
	}

	/**
	 * Stores a delivery at an account's own URL ({@code /whatsapp/<account_key>}) signed
	 * with the app secret of the account's workspace; every account it names must use the
	 * same app.
	 * @throws NotFoundException when no account has the key
	 * @throws ForbiddenException when the signature does not match; nothing is stored
	 */
	public ResponseEntity<Void> receiveAccount(String source, String accountKey, MetaApp defaults, byte[] body,
			String signature, String contentType) {
		ChannelAccount account = account(source, accountKey);
		String secret = secret(account.channel(), defaults);
		Set<String> named = namedSecrets(source, defaults, body);
		return store(source, (named.isEmpty() || named.equals(Set.of(secret))) ? secret : null, body, signature,
				contentType);
	}

	private ResponseEntity<Void> store(String source, String appSecret, byte[] body, String signature,
			String contentType) {
		if (appSecret == null || appSecret.isEmpty()) {
			log.warn("Refused a {} webhook: no app secret is configured to check its signature", source);
			throw refused();
		}
		if (!HubSignature.matches(appSecret, body, signature)) {
			log.warn("Refused a {} webhook with a {} signature", source, (signature == null) ? "missing" : "bad");
			throw refused();
		}
		this.inbox.store(source, (contentType != null) ? contentType : MediaType.APPLICATION_JSON_VALUE, body);
		return ResponseEntity.ok().build();
	}

	private ChannelAccount account(String source, String accountKey) {
		return this.channels.accountByKey(source, accountKey)
			.orElseThrow(() -> new NotFoundException("No " + source + " account has the key " + accountKey + "."));
	}

	/**
	 * The app secrets of the connected accounts a delivery names; accounts no workspace
	 * holds name none.
	 */
	private Set<String> namedSecrets(String source, MetaApp defaults, byte[] body) {
		Set<String> secrets = new HashSet<>();
		for (Map.Entry<String, String> named : namedAccounts(source, body).entrySet()) {
			this.channels.findBySourceChannelId(named.getValue(), named.getKey())
				.ifPresent((channel) -> secrets.add(Objects.requireNonNullElse(secret(channel, defaults), "")));
		}
		return secrets;
	}

	private String secret(ChannelView channel, MetaApp defaults) {
		return this.apps.app(channel.workspaceId(), ChannelTypes.type(channel.source()), defaults).appSecret();
	}

	/**
	 * The platform ids of the accounts a delivery is for, with their sources: the
	 * {@code entry[].id} of pages and Instagram accounts, the phone number ids of
	 * WhatsApp changes. At most {@value #MAX_NAMED} (Meta batches far fewer).
	 */
	private Map<String, String> namedAccounts(String source, byte[] body) {
		Map<String, String> named = new LinkedHashMap<>();
		JsonNode payload;
		try {
			payload = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return named;
		}
		if (payload == null || !payload.isObject()) {
			return named;
		}
		String object = payload.path("object").asString("");
		for (JsonNode entry : payload.path("entry")) {
			if (named.size() >= MAX_NAMED) {
				break;
			}
			if (object.equals("whatsapp_business_account")) {
				for (JsonNode change : entry.path("changes")) {
					String number = change.path("value").path("metadata").path("phone_number_id").asString(null);
					if (number != null) {
						named.put(number, "whatsapp");
					}
				}
			}
			else if (entry.path("id").isString() || entry.path("id").isNumber()) {
				named.put(entry.path("id").asString(), switch (object) {
					case "page" -> "facebook";
					case "instagram" -> "instagram";
					default -> source;
				});
			}
		}
		return named;
	}

	private static ForbiddenException refused() {
		return new ForbiddenException("The X-Hub-Signature-256 header is missing or does not match.");
	}

}
