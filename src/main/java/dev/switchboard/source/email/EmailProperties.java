package dev.switchboard.source.email;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How mailboxes are watched and mail is sent.
 *
 * @param idle whether to wait with IMAP IDLE where the server offers it (else every
 * mailbox is polled)
 * @param pollInterval how often a mailbox without IDLE is looked at
 * @param idleRenewal how long one IDLE lasts before it is renewed (servers drop idle
 * connections after about 30 minutes)
 * @param connectTimeout how long connecting to an IMAP or SMTP server may take
 * @param timeout how long one answer of a server may take
 * @param maxSize the largest mail read; a larger one is recorded as unsupported
 * @param initialBackoff the wait before reconnecting to a mailbox the first time
 * @param maxBackoff the longest wait between reconnections (the wait doubles)
 * @param refresh how often the watchers are compared with the connected channels
 * @param concurrency how many mails (of all mailboxes) are read and stored at once
 */
@Validated
@ConfigurationProperties("switchboard.sources.email")
record EmailProperties(@DefaultValue("true") boolean idle, @DefaultValue("30s") Duration pollInterval,
		@DefaultValue("10m") Duration idleRenewal, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("60s") Duration timeout, @DefaultValue("25MB") DataSize maxSize,
		@DefaultValue("1s") Duration initialBackoff, @DefaultValue("5m") Duration maxBackoff,
		@DefaultValue("10s") Duration refresh, @DefaultValue("8") @Min(1) int concurrency) {

}
