package dev.switchboard.cluster;

import java.util.concurrent.atomic.AtomicReference;

import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Peers;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The cluster's beans, only when a Redis is configured. Its {@link Rooms}, {@link Nicks}
 * and {@link Peers} are {@link Primary}: the core gets them in place of the single-node
 * ones, which they wrap for this node's own members.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnCluster.class)
class ClusterConfiguration {

	private final AtomicReference<ClusterNode> node = new AtomicReference<>();

	@Bean
	ClusterMetrics clusterMetrics(MeterRegistry registry, ObjectProvider<RedisLink> link,
			ObjectProvider<NodeDirectory> directory) {
		return new ClusterMetrics(registry, () -> link.getObject().isUp(), () -> directory.getObject().live().size());
	}

	@Bean
	Backplane backplane(ClusterProperties properties, ClusterMetrics metrics, @Qualifier("localRooms") Rooms localRooms,
			@Qualifier("localNicks") Nicks localNicks, ObjectProvider<Presence> presence) {
		if (!properties.redisClusterNodes().isEmpty() && !properties.redisUrl().isBlank()) {
			throw new IllegalStateException("Set switchboard.cluster.redis-url (one Redis) or"
					+ " switchboard.cluster.redis-cluster-nodes (a Redis Cluster), not both (docs/CLUSTER.md)");
		}
		return new Backplane(properties.nodeId(), properties, metrics, localRooms, localNicks, presence);
	}

	@Bean
	RedisLink redisLink(ClusterProperties properties, Backplane backplane, ClusterMetrics metrics) {
		return new RedisLink(properties, new RedisLink.Listener() {
			@Override
			public void message(String channel, byte[] message) {
				backplane.message(channel, message);
			}

			@Override
			public void resubscribed(java.util.Collection<String> channels) {
				// A Redis Cluster slot moved and the node followed it.
				metrics.resubscribed();
			}

			@Override
			public void subscribed(String channel) {
				backplane.subscribed(channel);
			}

			@Override
			public void connected(long downSince) {
				ClusterNode current = ClusterConfiguration.this.node.get();
				if (current != null) {
					current.connected(downSince);
				}
			}
		});
	}

	@Bean
	NodeDirectory nodeDirectory(ClusterProperties properties, Backplane backplane) {
		return new NodeDirectory(properties.nodeId(), backplane.epoch(), properties.nodeTimeout().toNanos());
	}

	@Bean
	@Primary
	ClusterRooms clusterRooms(@Qualifier("localRooms") Rooms localRooms, RedisLink link, Backplane backplane,
			NodeDirectory directory, ClusterProperties properties) {
		return new ClusterRooms(localRooms, link, backplane, properties.nodeId(), directory::isAlive);
	}

	@Bean
	@Primary
	ClusterNicks clusterNicks(@Qualifier("localNicks") Nicks localNicks, RedisLink link, ClusterProperties properties) {
		return new ClusterNicks(localNicks, link, properties.nodeId());
	}

	@Bean
	@Primary
	RedisPeers redisPeers(RedisLink link, Backplane backplane, NodeDirectory directory) {
		return new RedisPeers(link, backplane, directory);
	}

	@Bean
	Janitor janitor(RedisLink link, ClusterProperties properties, ClusterRooms rooms, Backplane backplane) {
		return new Janitor(link, properties.nodeId(), rooms, backplane, properties.nodeTimeout());
	}

	@Bean
	ClusterNode clusterNode(ClusterProperties properties, RedisLink link, Backplane backplane, NodeDirectory directory,
			ClusterRooms rooms, ClusterNicks nicks, Janitor janitor, SessionRegistry sessions,
			ObjectProvider<Presence> presence, ClusterMetrics metrics) {
		ClusterNode clusterNode = new ClusterNode(properties, link, backplane, directory, rooms, nicks, janitor,
				sessions, presence, metrics);
		this.node.set(clusterNode);
		return clusterNode;
	}

	@Bean
	ClusterHealthIndicator clusterHealthIndicator(ClusterNode node, NodeDirectory directory,
			ClusterProperties properties) {
		return new ClusterHealthIndicator(node::isHealthy, directory::live, properties.nodeId());
	}

}
