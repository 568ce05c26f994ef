package dev.switchboard.cluster;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

	/**
	 * A second process given a live node's node-id (a copied configuration) hears the
	 * live one's heartbeat before it joins, and refuses to start; before, it cleaned up
	 * "after a previous process of the same name" and the live node's users were seen
	 * quitting while still connected.
	 */
	@Test
	void aSecondProcessWithALiveNodesIdRefusesToStartAndTouchesNothing() {
		try (LineClient ann = login(one, "twin-ann"); LineClient ben = login(two, "twin-ben")) {
			ann.awaitLine("\\* guest-[a-z0-9-]+ is now known as twin-ben");
			assertThatThrownBy(() -> cluster.start("one", redis.url())).rootCause()
				.hasMessageContaining("Another live process uses switchboard.cluster.node-id=one");
			ben.send("/msg twin-ann still there?");
			ann.awaitLine("\\[dm\\] twin-ben: still there\\?");
			ann.send("yes");
			ben.awaitLine("\\[#lobby\\] twin-ann: yes");
			ben.send("/who").expectLine("\\* #lobby \\(\\d+\\): .*twin-ann.*");
		}
	}

	@Override
	void awaitReleased(String nick) {
		await().until(() -> redis.command("GET", Keys.lease(nick)).isEmpty());
	}

}
