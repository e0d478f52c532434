package dev.switchboard.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Real-time delivery settings.
 *
 * @param heartbeat STOMP heart-beat interval, both ways
 * @param pollInterval how often the relay looks for events when nothing wakes it
 * @param batchDelay how long the relay waits after a wake-up to take more events in one
 * batch (and send at most one NOTIFY per batch)
 * @param retention how long events are kept for catch-up
 */
@ConfigurationProperties("switchboard.realtime")
record RealtimeProperties(@DefaultValue("10s") Duration heartbeat, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("5ms") Duration batchDelay, @DefaultValue("7d") Duration retention) {

}
