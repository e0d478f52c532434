package dev.switchboard.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.switchboard.common.web.SwitchboardProperties;

import org.springframework.stereotype.Component;

/**
 * Public, signed, expiring URLs of stored media under {@code switchboard.public-url}, for
 * platforms that download what they send by URL (Messenger, WhatsApp, Twilio).
 */
@Component
public class MediaLinks {

	static final String PURPOSE = "fetch";

	/**
	 * How long a link works: long enough for a platform that retries its download.
	 */
	public static final Duration VALIDITY = Duration.ofHours(1);

	private final MediaSignatures signatures;

	private final SwitchboardProperties switchboard;

	private final Clock clock;

	MediaLinks(MediaSignatures signatures, SwitchboardProperties switchboard, Clock clock) {
		this.signatures = signatures;
		this.switchboard = switchboard;
		this.clock = clock;
	}

	/**
	 * The public URL of the media, valid for {@link #VALIDITY}.
	 */
	public String publicUrl(UUID mediaId) {
		Instant expiresAt = this.clock.instant().plus(VALIDITY);
		return this.switchboard.publicUrl() + "/media/" + mediaId + "?expires=" + expiresAt.getEpochSecond()
				+ "&signature=" + this.signatures.sign(PURPOSE, mediaId, expiresAt);
	}

	boolean valid(UUID mediaId, long expires, String signature) {
		return expires > this.clock.instant().getEpochSecond()
				&& this.signatures.valid(PURPOSE, mediaId, expires, signature);
	}

}
