package dev.switchboard.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The gateway's meters that are about messages rather than one listener's wire (a public
 * contract: README "Metrics"): queued output, slow-consumer drops and delivery latency,
 * one series each whichever listener a connection came in on. Each listener's own meters
 * (connections, bytes, accepts, handshakes) are its {@link ListenerMetrics}, tagged
 * {@code listener}. Hot-path counts are {@link LongAdder}s read by function counters at
 * scrape time, so counting costs an uncontended add.
 */
@Component
class GatewayMetrics {

	private final MeterRegistry registry;

	private final Timer deliveryLatency;

	private final LongAdder droppedSlowConsumer = new LongAdder();

	GatewayMetrics(MeterRegistry registry, LiveConnections connections) {
		this.registry = registry;
		// Summed at scrape time from each connection's own counter: no shared counter on
		// the hot path.
		Gauge.builder("switchboard.outbound.queued", connections, LiveConnections::queuedBytes)
			.baseUnit("bytes")
			.description("Bytes queued for clients and not yet written")
			.register(registry);
		FunctionCounter.builder("switchboard.messages.dropped", this.droppedSlowConsumer, LongAdder::sum)
			.description("Messages that reached nobody, by reason")
			.tag("reason", "slow_consumer")
			.register(registry);
		this.deliveryLatency = Timer.builder("switchboard.delivery.latency")
			.description("From a line decoded to its bytes written to a recipient's socket; sampled: one"
					+ " socket write in 16 per connection, for the oldest delivery in it")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(100_000))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	/**
	 * @return the meters of one listener, registered now with its {@code listener} tag
	 */
	ListenerMetrics listener(String name, boolean encrypted) {
		return new ListenerMetrics(this.registry, name, encrypted, this);
	}

	void droppedSlowConsumer(long frames) {
		this.droppedSlowConsumer.add(frames);
	}

	void delivered(long originNanos, long nowNanos) {
		this.deliveryLatency.record(nowNanos - originNanos, TimeUnit.NANOSECONDS);
	}

}
