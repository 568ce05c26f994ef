package dev.switchboard.cluster;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code cluster} health: UP while Redis answers and this node hears its own heartbeat
 * through pub/sub, else OUT_OF_SERVICE. Not in the liveness group (a Redis outage must
 * not get every node restarted) and, by default, not in readiness either: while Redis is
 * away a node still serves its own users, so a load balancer should keep sending them.
 * docs/CLUSTER.md "Health".
 */
final class ClusterHealthIndicator implements HealthIndicator {

	private final BooleanSupplier healthy;

	private final Supplier<Object> nodes;

	private final String node;

	ClusterHealthIndicator(BooleanSupplier healthy, Supplier<Object> nodes, String node) {
		this.healthy = healthy;
		this.nodes = nodes;
		this.node = node;
	}

	@Override
	public Health health() {
		Health.Builder health = this.healthy.getAsBoolean() ? Health.up() : Health.status(Status.OUT_OF_SERVICE);
		return health.withDetail("node", this.node).withDetail("nodes", this.nodes.get()).build();
	}

}
