package dev.switchboard.gateway;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.switchboard.session.CloseReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The gateway's meters (a public contract: README "Metrics"). Hot-path counts are
 * {@link LongAdder}s read by function counters at scrape time, so counting costs an
 * uncontended add; tags are bounded (close reasons only).
 */
@Component
class GatewayMetrics {

	private final LongAdder opened = new LongAdder();

	private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final Timer deliveryLatency;

	private final LongAdder droppedSlowConsumer = new LongAdder();

	private final LongAdder acceptErrors = new LongAdder();

	GatewayMetrics(MeterRegistry registry, ConnectionLimit limit, LiveConnections connections) {
		Gauge.builder("switchboard.connections.active", limit, ConnectionLimit::open)
			.description("Open client connections")
			.register(registry);
		FunctionCounter.builder("switchboard.connections.opened", this.opened, LongAdder::sum)
			.description("Client connections accepted, including refused ones")
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			LongAdder count = new LongAdder();
			this.closed.put(reason, count);
			FunctionCounter.builder("switchboard.connections.closed", count, LongAdder::sum)
				.description("Client connections closed, by reason")
				.tag("reason", reason.wire())
				.register(registry);
		}
		FunctionCounter.builder("switchboard.bytes.received", this.bytesReceived, LongAdder::sum)
			.description("Bytes read from clients")
			.register(registry);
		FunctionCounter.builder("switchboard.bytes.sent", this.bytesSent, LongAdder::sum)
			.description("Bytes written to clients")
			.register(registry);
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
		FunctionCounter.builder("switchboard.listener.accept.errors", this.acceptErrors, LongAdder::sum)
			.description("Failed accepts on the chat port (for example: too many open files); each is retried")
			.register(registry);
		this.deliveryLatency = Timer.builder("switchboard.delivery.latency")
			.description("From a line decoded to its bytes written to a recipient's socket; sampled: one"
					+ " socket write in 16 per connection, for the oldest delivery in it")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(100_000))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	void droppedSlowConsumer(long frames) {
		this.droppedSlowConsumer.add(frames);
	}

	void acceptFailed() {
		this.acceptErrors.increment();
	}

	void opened() {
		this.opened.increment();
	}

	void closed(CloseReason reason) {
		this.closed.get(reason).increment();
	}

	void received(int bytes) {
		this.bytesReceived.add(bytes);
	}

	void written(int bytes) {
		this.bytesSent.add(bytes);
	}

	void delivered(long originNanos, long nowNanos) {
		this.deliveryLatency.record(nowNanos - originNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

}
