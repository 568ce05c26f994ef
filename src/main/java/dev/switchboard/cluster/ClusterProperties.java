package dev.switchboard.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code switchboard.cluster.*}: how this node joins the others (docs/CLUSTER.md
 * "Settings"). With neither {@code redis-url} nor {@code redis-cluster-nodes} set, the
 * node runs alone and none of the cluster package is used.
 *
 * @param redisUrl the Redis every node shares, for example {@code redis://redis:6379}
 * @param redisClusterNodes {@code host:port} seeds of a Redis Cluster, instead of
 * {@code redisUrl}
 * @param nodeId this node's name; defaults to the host name and a random suffix
 * @param commandTimeout the longest a user's command waits on Redis
 * @param heartbeatInterval how often this node says it is alive
 * @param nodeTimeout a node silent this long is dead: its users quit, its nicks are freed
 * @param publishQueue messages waiting to be published; more are dropped and counted
 * @param receiveQueue messages from other nodes waiting to be fanned out; more are
 * dropped and counted
 * @param publishBuffer bytes published and not yet acknowledged by Redis (a frozen Redis
 * acknowledges nothing); more are dropped and counted
 * @param startupWait how long a starting node waits for Redis before it opens its chat
 * port anyway (and joins the others once Redis answers)
 * @param topologyRefresh on a Redis Cluster, how often the slot map is re-read while all
 * is well (it is re-read at once after a redirection, and every second while a connection
 * is down)
 */
@ConfigurationProperties("switchboard.cluster")
public record ClusterProperties(@DefaultValue("") String redisUrl, @DefaultValue List<String> redisClusterNodes,
		@DefaultValue("") String nodeId, @DefaultValue("500ms") Duration commandTimeout,
		@DefaultValue("1s") Duration heartbeatInterval, @DefaultValue("5s") Duration nodeTimeout,
		@DefaultValue("65536") int publishQueue, @DefaultValue("65536") int receiveQueue,
		@DefaultValue("10s") Duration startupWait, @DefaultValue("32MB") DataSize publishBuffer,
		@DefaultValue("10s") Duration topologyRefresh) {

	public ClusterProperties {
		if (nodeId.isBlank()) {
			nodeId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 6);
		}
		if (!nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
			throw new IllegalArgumentException("switchboard.cluster.node-id must be 1 to 64 letters, digits, _, . or -,"
					+ " not '" + nodeId + "'");
		}
		if (publishQueue < 1 || receiveQueue < 1) {
			throw new IllegalArgumentException("switchboard.cluster.publish-queue and receive-queue must be positive");
		}
		if (topologyRefresh.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("switchboard.cluster.topology-refresh must be at least 1s");
		}
		if (nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException(
					"switchboard.cluster.node-timeout must be at least twice heartbeat-interval");
		}
	}

	/** True when a Redis is configured: the node is part of a cluster. */
	public boolean enabled() {
		return !this.redisUrl.isBlank() || !this.redisClusterNodes.isEmpty();
	}

	private static String hostName() {
		try {
			String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "");
			return name.isEmpty() ? "node" : name;
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

}
