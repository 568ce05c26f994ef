package dev.switchboard.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Graceful shutdown, {@code switchboard.drain.*}.
 *
 * @param grace how long queued output may take to flush after everyone was told the
 * server is going down; keep it below {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (30 s)
 * @param message the line every session gets before it is closed
 */
@ConfigurationProperties("switchboard.drain")
record DrainProperties(@DefaultValue("10s") Duration grace,
		@DefaultValue("Server is shutting down; please reconnect in a minute.") String message) {

}
