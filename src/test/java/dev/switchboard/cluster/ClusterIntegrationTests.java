package dev.switchboard.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import static org.awaitility.Awaitility.await;

/**
 * Two nodes and one real Redis are one chat (the rows of {@link OneChatAcrossNodes}).
 * Needs Debian's redis-server on the PATH: the {@code redis} suite
 * ({@code ./mvnw verify -Predis}).
 */
@Tag("redis")
class ClusterIntegrationTests extends OneChatAcrossNodes {

	static RedisServer redis;

	static ClusterNodes cluster;

	static ClusterNodes.Node one;

	static ClusterNodes.Node two;

	@BeforeAll
	static void startTwoNodes() {
		redis = RedisServer.start();
		cluster = new ClusterNodes();
		one = cluster.start("one", redis.url());
		two = cluster.start("two", redis.url());
		await().until(() -> redis.command("HKEYS", "sb:nodes").lines().count() == 2);
		await().until(() -> one.bean(NodeDirectory.class).live().size() == 2
				&& two.bean(NodeDirectory.class).live().size() == 2);
	}

	@AfterAll
	static void stopAll() {
		cluster.close();
		redis.close();
	}

	@Override
	ClusterNodes cluster() {
		return cluster;
	}

	@Override
	void awaitReleased(String nick) {
		await().until(() -> redis.command("GET", Keys.lease(nick)).isEmpty());
	}

}
