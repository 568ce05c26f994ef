package dev.switchboard.gateway;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import dev.switchboard.session.CloseReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One listener's meters, each tagged {@code listener} with the listener's fixed name
 * ({@code plain}, {@code tls}; an IRC listener adds {@code irc} and {@code irc-tls}), so
 * a dashboard can sum them or tell the ports apart: connections active, opened and closed
 * by reason, bytes in and out, failed accepts and, on an encrypted listener, TLS
 * handshakes by outcome. The message meters every connection shares are
 * {@link GatewayMetrics}, which this passes its calls on to.
 */
final class ListenerMetrics {

	/** A tag value from a small fixed set, never anything a client chose. */
	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");

	private final String name;

	private final GatewayMetrics gateway;

	private final AtomicInteger active = new AtomicInteger();

	private final LongAdder opened = new LongAdder();

	private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);

	// By outcome tag: two outcomes may share one (Wire.Opening#tag).
	private final Map<String, LongAdder> handshakes = new HashMap<>();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder acceptErrors = new LongAdder();

	ListenerMetrics(MeterRegistry registry, String name, boolean encrypted, GatewayMetrics gateway) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A listener name is a short lower-case word: " + name);
		}
		this.name = name;
		this.gateway = gateway;
		Gauge.builder("switchboard.connections.active", this.active, AtomicInteger::get)
			.description("Open client connections")
			.tag("listener", name)
			.register(registry);
		counter(registry, "switchboard.connections.opened", this.opened,
				"Client connections accepted, including refused ones");
		for (CloseReason reason : CloseReason.values()) {
			this.closed.put(reason, tagged(registry, "switchboard.connections.closed", "reason", reason.wire(),
					"Client connections closed, by reason"));
		}
		counter(registry, "switchboard.bytes.received", this.bytesReceived, "Bytes read from clients");
		counter(registry, "switchboard.bytes.sent", this.bytesSent, "Bytes written to clients");
		counter(registry, "switchboard.listener.accept.errors", this.acceptErrors,
				"Failed accepts on the chat port (for example: too many open files); each is retried");
		if (encrypted) {
			for (Wire.Opening outcome : Wire.Opening.values()) {
				this.handshakes.computeIfAbsent(outcome.tag(), (tag) -> tagged(registry, "switchboard.tls.handshakes",
						"outcome", tag, "TLS handshakes on this listener, by outcome"));
			}
		}
	}

	private void counter(MeterRegistry registry, String meter, LongAdder count, String description) {
		FunctionCounter.builder(meter, count, LongAdder::sum)
			.description(description)
			.tag("listener", this.name)
			.register(registry);
	}

	private LongAdder tagged(MeterRegistry registry, String meter, String key, String value, String description) {
		LongAdder count = new LongAdder();
		FunctionCounter.builder(meter, count, LongAdder::sum)
			.description(description)
			.tag("listener", this.name)
			.tag(key, value)
			.register(registry);
		return count;
	}

	String name() {
		return this.name;
	}

	/** A connection was accepted (admitted or about to be refused). */
	void opened(boolean admitted) {
		this.opened.increment();
		if (admitted) {
			this.active.incrementAndGet();
		}
	}

	void closed(CloseReason reason, boolean admitted) {
		this.closed.get(reason).increment();
		if (admitted) {
			this.active.decrementAndGet();
		}
	}

	/**
	 * How a connection's opening (its TLS handshake) ended; nothing on a plain listener.
	 */
	void opening(Wire.Opening outcome) {
		LongAdder count = this.handshakes.get(outcome.tag());
		if (count != null) {
			count.increment();
		}
	}

	/** Admitted connections open on this listener now. */
	int active() {
		return this.active.get();
	}

	void acceptFailed() {
		this.acceptErrors.increment();
	}

	void received(int bytes) {
		this.bytesReceived.add(bytes);
	}

	void written(int bytes) {
		this.bytesSent.add(bytes);
	}

	void droppedSlowConsumer(long frames) {
		this.gateway.droppedSlowConsumer(frames);
	}

	void delivered(long originNanos, long nowNanos) {
		this.gateway.delivered(originNanos, nowNanos);
	}

}
