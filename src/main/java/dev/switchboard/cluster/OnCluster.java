package dev.switchboard.cluster;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a Redis is configured ({@code redis-url} or {@code redis-cluster-nodes}).
 */
class OnCluster implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		var environment = context.getEnvironment();
		String url = environment.getProperty("switchboard.cluster.redis-url", "");
		String nodes = environment.getProperty("switchboard.cluster.redis-cluster-nodes", "");
		String firstNode = environment.getProperty("switchboard.cluster.redis-cluster-nodes[0]", "");
		return !url.isBlank() || !nodes.isBlank() || !firstNode.isBlank();
	}

}
