package dev.switchboard.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.crypto.BearerSecrets;
import dev.switchboard.common.security.AccessKeyAuthenticator;
import dev.switchboard.common.security.MemberAuthentication;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Authenticates access keys. A key is looked up by its hash once and kept for a few
 * seconds, so a request costs no query; a revocation drops it on this instance as soon as
 * it commits, so the next request is refused. Other instances follow when their copy
 * expires ({@link #TTL}). Expiry is checked on every request.
 */
@Component
class AccessKeyCache implements AccessKeyAuthenticator {

	static final Duration TTL = Duration.ofSeconds(5);

	static final String PREFIX = "sbk_";

	// the prefix and 32 random bytes in unpadded base64url
	private static final Pattern FORMAT = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");

	private static final int MAX_ENTRIES = 10_000;

	private final ExpiringCache<String, Optional<AccessKey>> entries;

	private final AccessKeyRepository keys;

	private final Clock clock;

	AccessKeyCache(AccessKeyRepository keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
		this.entries = new ExpiringCache<>(TTL, MAX_ENTRIES, clock);
	}

	@Override
	public MemberAuthentication authenticate(String secret) {
		if (!FORMAT.matcher(secret).matches()) {
			throw new BadCredentialsException("Not an access key");
		}
		Instant now = this.clock.instant();
		byte[] hash = BearerSecrets.hash(secret);
		AccessKey key = this.entries.get(HexFormat.of().formatHex(hash), (id) -> this.keys.findActiveByHash(hash))
			.filter((found) -> found.validAt(now))
			.orElseThrow(() -> new BadCredentialsException("Unknown, expired or revoked access key"));
		return new AccessKeyAuthentication(key.id(), key.name(), key.workspaceId(), key.policies());
	}

	@TransactionalEventListener(fallbackExecution = true)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void revoked(AccessKeyRevoked revoked) {
		this.entries.removeIf((id, key) -> key.map(AccessKey::id).filter(revoked.id()::equals).isPresent());
	}

	/**
	 * Published when a key is revoked.
	 *
	 * @param id the key
	 */
	record AccessKeyRevoked(UUID id) {
	}

}
