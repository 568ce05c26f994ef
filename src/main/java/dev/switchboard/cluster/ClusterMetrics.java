package dev.switchboard.cluster;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The cluster's meters (a public contract: README "Metrics", docs/CLUSTER.md). */
final class ClusterMetrics {

	enum Dropped {

		REDIS_UNAVAILABLE, PUBLISH_QUEUE_FULL, RECEIVE_QUEUE_FULL;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final Map<Dropped, LongAdder> dropped = new EnumMap<>(Dropped.class);

	private final LongAdder gaps = new LongAdder();

	private final LongAdder resubscribes = new LongAdder();

	ClusterMetrics(MeterRegistry registry, BooleanSupplier redisUp, IntSupplier nodes) {
		FunctionCounter.builder("switchboard.cluster.published", this.published, LongAdder::sum)
			.description("Messages this node published to Redis")
			.register(registry);
		FunctionCounter.builder("switchboard.cluster.received", this.received, LongAdder::sum)
			.description("Messages from other nodes received from Redis")
			.register(registry);
		for (Dropped reason : Dropped.values()) {
			LongAdder count = new LongAdder();
			this.dropped.put(reason, count);
			FunctionCounter.builder("switchboard.cluster.dropped", count, LongAdder::sum)
				.description("Cross-node messages lost, by reason")
				.tag("reason", reason.tag())
				.register(registry);
		}
		FunctionCounter.builder("switchboard.cluster.gaps", this.gaps, LongAdder::sum)
			.description("Gaps in cross-node traffic detected (users were told of each)")
			.register(registry);
		FunctionCounter.builder("switchboard.cluster.resubscribes", this.resubscribes, LongAdder::sum)
			.description("Times the subscriber connection came back and subscribed again")
			.register(registry);
		Gauge.builder("switchboard.cluster.redis.up", () -> redisUp.getAsBoolean() ? 1 : 0)
			.description("1 while this node's connections to Redis work")
			.register(registry);
		Gauge.builder("switchboard.cluster.nodes", nodes::getAsInt)
			.description("Live nodes this node knows of, itself included")
			.register(registry);
	}

	void published(int count) {
		this.published.add(count);
	}

	void received() {
		this.received.increment();
	}

	void dropped(Dropped reason, int count) {
		this.dropped.get(reason).add(count);
	}

	void gap() {
		this.gaps.increment();
	}

	void resubscribed() {
		this.resubscribes.increment();
	}

}
