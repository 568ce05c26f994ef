package dev.switchboard.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Input limits, {@code switchboard.input.*}: a token bucket over lines per connection and
 * one over bytes per client address. A person types far below them and a pasted screenful
 * fits in the bursts; a bot gets a steady 20 lines a second. Excess lines wait (the
 * socket is simply not read, so TCP pushes back on the sender alone); after
 * {@code flood-timeout} of continuous excess over the line rate the connection is closed
 * with reason flood.
 *
 * @param linesPerSecond sustained lines per second per connection; 0 disables the limit
 * @param burst lines that may arrive at once before the rate applies
 * @param floodTimeout how long a client may keep sending faster than the line rate
 * @param addressBytesPerSecond sustained bytes per second that all connections from one
 * address may send together; 0 disables the limit
 * @param addressBurst bytes one address may send at once before that rate applies; keep
 * it well under {@code switchboard.outbound.max-pending}, so one address alone cannot
 * fill a recipient's queue
 */
@Validated
@ConfigurationProperties("switchboard.input")
record InputProperties(@DefaultValue("20") @Min(0) int linesPerSecond, @DefaultValue("100") @Min(1) int burst,
		@DefaultValue("30s") Duration floodTimeout, @DefaultValue("128KB") DataSize addressBytesPerSecond,
		@DefaultValue("256KB") DataSize addressBurst) {

}
