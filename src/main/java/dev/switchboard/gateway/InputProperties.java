package dev.switchboard.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Input rate limit per connection, {@code switchboard.input.*}: a token bucket over
 * lines. A person types far below it and a pasted screenful fits in the burst; a bot gets
 * a steady 20 lines a second. Excess lines wait (the socket is simply not read, so TCP
 * pushes back on the sender alone); after {@code flood-timeout} of continuous excess the
 * connection is closed with reason flood.
 *
 * @param linesPerSecond sustained lines per second; 0 disables the limit
 * @param burst lines that may arrive at once before the rate applies
 * @param floodTimeout how long a client may keep sending faster than the rate
 */
@Validated
@ConfigurationProperties("switchboard.input")
record InputProperties(@DefaultValue("20") @Min(0) int linesPerSecond, @DefaultValue("100") @Min(1) int burst,
		@DefaultValue("30s") Duration floodTimeout) {

}
