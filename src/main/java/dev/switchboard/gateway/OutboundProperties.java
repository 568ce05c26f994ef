package dev.switchboard.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Output limits per connection, {@code switchboard.outbound.*}: what happens to a client
 * that reads slower than its rooms produce. README "Configuration".
 *
 * @param maxPending bytes queued for one connection at most
 * @param writeTimeout longest one write may stay blocked on a full socket
 * @param policy what to do past either limit
 * @param closeGrace how long a slow consumer's final error line may take before the
 * socket is closed regardless
 */
@ConfigurationProperties("switchboard.outbound")
record OutboundProperties(@DefaultValue("1MB") DataSize maxPending, @DefaultValue("10s") Duration writeTimeout,
		@DefaultValue("disconnect") SlowConsumerPolicy policy, @DefaultValue("1s") Duration closeGrace) {

	/** What happens to a connection past its output limits. */
	enum SlowConsumerPolicy {

		/**
		 * Free its backlog, send one final error line (best effort) and close: reason
		 * slow_consumer.
		 */
		DISCONNECT,
		/**
		 * Drop new deliveries while over the limit; when it catches up, tell it how many
		 * it missed.
		 */
		DROP

	}

}
