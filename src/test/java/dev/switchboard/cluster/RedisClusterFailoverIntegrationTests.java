package dev.switchboard.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three masters, each with a replica, under two nodes: the master that
 * carries a busy room is killed (kill -9) while a user on each node talks in it. Its
 * replica takes over, and both nodes must follow it by themselves: lines cross nodes
 * again, nicks and memberships are written again, nobody is seen quitting, and every line
 * lost meanwhile is reported. Needs Debian's redis-server and redis-cli on the PATH: the
 * {@code redis} suite ({@code ./mvnw verify -Predis}).
 */
@Tag("redis")
class RedisClusterFailoverIntegrationTests {

	/**
	 * How long a master may be unreachable before the cluster fails it over: long enough
	 * that the nodes stop reconnecting to it (it is flagged {@code fail?} and left out)
	 * well before its replica takes over, so that they must look for the replica
	 * themselves.
	 */
	private static final long REDIS_NODE_TIMEOUT_MILLIS = 5000;

	static RedisClusterServers redis;

	static ClusterNodes cluster;

	static ClusterNodes.Node one;

	static ClusterNodes.Node two;

	@BeforeAll
	static void startTwoNodes() {
		redis = RedisClusterServers.start(3, 1, REDIS_NODE_TIMEOUT_MILLIS);
		cluster = new ClusterNodes();
		// The periodic re-read of the slot map far off: the nodes must find the replica
		// by
		// themselves, not by waiting for it.
		one = cluster.start("one", "", "--switchboard.cluster.redis-cluster-nodes=" + redis.seeds(),
				"--switchboard.cluster.topology-refresh=60s");
		two = cluster.start("two", "", "--switchboard.cluster.redis-cluster-nodes=" + redis.seeds(),
				"--switchboard.cluster.topology-refresh=60s");
		await().until(() -> one.bean(NodeDirectory.class).live().size() == 2
				&& two.bean(NodeDirectory.class).live().size() == 2);
	}

	@AfterAll
	static void stopAll() {
		if (cluster != null) {
			cluster.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void whenTheMasterOfABusyRoomDiesBothNodesFollowItsReplicaAndLossesAreReported() throws Exception {
		String channel = Keys.roomChannel("busy");
		int slot = redis.slot(channel);
		RedisClusterServers.Master doomed = redis.owner(slot);
		ExecutorService readers = Executors.newFixedThreadPool(2);
		ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
		try (LineClient amy = OneChatAcrossNodes.login(one, "amy");
				LineClient bob = OneChatAcrossNodes.login(two, "bob");
				LineClient cal = OneChatAcrossNodes.login(one, "cal");
				LineClient deb = OneChatAcrossNodes.login(two, "deb")) {
			int n = 0;
			for (LineClient client : List.of(amy, bob, cal, deb)) {
				n++;
				client.send("/join busy").awaitLine("\\* You joined #busy \\(" + n + " members?\\)");
			}
			assertThat(redis.shardSubscribers(doomed, channel)).isEqualTo(2);
			CompletableFuture<List<String>> calHeard = CompletableFuture.supplyAsync(
					() -> BusyRoom.readUntil(cal, "bob", Duration.ofSeconds(60), Duration.ofSeconds(30)), readers);
			CompletableFuture<List<String>> debHeard = CompletableFuture.supplyAsync(
					() -> BusyRoom.readUntil(deb, "amy", Duration.ofSeconds(60), Duration.ofSeconds(30)), readers);
			int before = 100;
			for (int i = 0; i < before; i++) {
				amy.send("pre " + i);
				bob.send("pre " + i);
			}
			AtomicInteger amySent = new AtomicInteger();
			AtomicInteger bobSent = new AtomicInteger();
			senders.scheduleAtFixedRate(() -> amy.send("mid " + amySent.getAndIncrement()), 0, 10,
					TimeUnit.MILLISECONDS);
			senders.scheduleAtFixedRate(() -> bob.send("mid " + bobSent.getAndIncrement()), 0, 10,
					TimeUnit.MILLISECONDS);
			await().pollInterval(Duration.ofMillis(10)).until(() -> amySent.get() >= 50 && bobSent.get() >= 50);

			long killed = System.nanoTime();
			redis.kill(doomed);
			RedisClusterServers.Master heir = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.ignoreExceptions()
				.until(() -> redis.owner(slot), (owner) -> !owner.equals(doomed));
			long promoted = System.nanoTime();
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> redis.shardSubscribers(heir, channel) == 2 && link(one).isUp() && link(two).isUp());
			long followed = System.nanoTime();
			int[] atFollowed = { amySent.get(), bobSent.get() };
			// Lines sent from here on must all cross, in order.
			await().pollInterval(Duration.ofMillis(10))
				.until(() -> amySent.get() >= atFollowed[0] + 100 && bobSent.get() >= atFollowed[1] + 100);
			senders.shutdown();
			assertThat(senders.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
			int[] mid = { amySent.get(), bobSent.get() };
			int after = 100;
			for (int i = 0; i < after; i++) {
				amy.send("post " + i);
				bob.send("post " + i);
			}
			amy.send("post end");
			bob.send("post end");
			List<String> heardByCal = calHeard.get(60, TimeUnit.SECONDS);
			List<String> heardByDeb = debHeard.get(60, TimeUnit.SECONDS);
			BusyRoom.Heard cals = BusyRoom.Heard.of(heardByCal, "bob");
			BusyRoom.Heard debs = BusyRoom.Heard.of(heardByDeb, "amy");
			// Within each node, nothing was lost: cal hears amy (node one), deb hears bob
			// (node two), through the whole failover.
			assertThat(BusyRoom.Heard.of(heardByCal, "amy").mid()).as("amy's lines on her own node")
				.isEqualTo(BusyRoom.range(0, mid[0]));
			assertThat(BusyRoom.Heard.of(heardByDeb, "bob").mid()).as("bob's lines on his own node")
				.isEqualTo(BusyRoom.range(0, mid[1]));
			System.out.printf(
					"master :%d of slot %d (%s) killed; its replica :%d took over %.0f ms later;"
							+ " both nodes up and subscribed there %.0f ms after that%n",
					doomed.port(), slot, channel, heir.port(), (promoted - killed) / 1e6, (followed - promoted) / 1e6);
			report("cal (node one) hearing bob (node two)", cals, atFollowed[1], mid[1]);
			report("deb (node two) hearing amy (node one)", debs, atFollowed[0], mid[0]);
			for (BusyRoom.Heard heard : List.of(cals, debs)) {
				assertThat(heard.pre()).as("lines before the kill").isEqualTo(BusyRoom.range(0, before));
				assertThat(heard.post()).as("lines after the nodes followed the replica")
					.isEqualTo(BusyRoom.range(0, after));
				assertThat(heard.ended()).isTrue();
				assertThat(heard.quits()).as("nobody is seen quitting").isEmpty();
			}
			BusyRoom.check(cals, atFollowed[1], mid[1], "failover");
			BusyRoom.check(debs, atFollowed[0], mid[0], "failover");
			// Each node wrote its users' nicks and memberships again where they now live.
			for (String nick : List.of("amy", "bob", "cal", "deb")) {
				String lease = Keys.lease(nick);
				await().atMost(Duration.ofSeconds(5))
					.ignoreExceptions()
					.until(() -> !redis.call(redis.owner(redis.slot(lease)).port(), "GET", lease).isEmpty());
			}
			String members = Keys.members("busy");
			await().atMost(Duration.ofSeconds(5))
				.ignoreExceptions()
				.until(() -> redis.call(redis.owner(redis.slot(members)).port(), "HLEN", members),
						(reply) -> reply.equals(List.of("4")));
			// And a nick can be claimed again, cluster-wide.
			cal.send("/nick cal2").awaitLine("\\* You are now known as cal2");
			deb.send("/nick cal2").awaitLine("! .*cal2.*");
		}
		finally {
			senders.shutdownNow();
			readers.shutdownNow();
		}
	}

	private static RedisLink link(ClusterNodes.Node node) {
		return node.bean(RedisLink.class);
	}

	private static void report(String who, BusyRoom.Heard heard, int atFollowed, int sent) {
		List<Integer> lost = heard.lost(sent);
		System.out.printf(
				"%s: %d lines sent during the failover (both nodes followed at #%d); %d arrived, %d lost"
						+ " (#%s to #%s); gap lines %s%n",
				who, sent, atFollowed, heard.mid().size(), lost.size(), lost.isEmpty() ? "-" : lost.getFirst(),
				lost.isEmpty() ? "-" : lost.getLast(), heard.gaps());
	}

}
