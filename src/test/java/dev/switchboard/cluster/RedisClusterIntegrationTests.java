package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.gateway.LineClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes joined through a Redis Cluster of three masters
 * ({@code switchboard.cluster.redis-cluster-nodes}) are one chat, as through one Redis
 * (the rows of {@link OneChatAcrossNodes}); and when the slot of a busy room's channel
 * moves to another master, both nodes follow it. Needs Debian's redis-server and
 * redis-cli on the PATH: the {@code redis} suite ({@code ./mvnw verify -Predis}).
 */
@Tag("redis")
class RedisClusterIntegrationTests extends OneChatAcrossNodes {

	static RedisClusterServers redis;

	static ClusterNodes cluster;

	static ClusterNodes.Node one;

	static ClusterNodes.Node two;

	@BeforeAll
	static void startTwoNodes() {
		redis = RedisClusterServers.start(3);
		cluster = new ClusterNodes();
		one = start("one");
		two = start("two");
		await().until(() -> one.bean(NodeDirectory.class).live().size() == 2
				&& two.bean(NodeDirectory.class).live().size() == 2);
	}

	@Override
	ClusterNodes cluster() {
		return cluster;
	}

	/** A node on the Redis Cluster: no {@code redis-url}, the seeds instead. */
	private static ClusterNodes.Node start(String id) {
		return cluster.start(id, "", "--switchboard.cluster.redis-cluster-nodes=" + redis.seeds());
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

	/**
	 * Moves the slot of {@code #busy}'s channel (and its keys) to another master while a
	 * user on each node sends a numbered line every 2 ms. Redis unsubscribes both nodes
	 * from the channel at the old master; each must subscribe again at the new one within
	 * 5 s. Every line sent before the move and after the nodes followed arrives, exactly
	 * once and in order; of those sent in between, none arrives twice, and any lost is
	 * reported by a gap line.
	 */
	@Test
	void bothNodesFollowTheSlotOfABusyRoomWhenItMovesAndLossesAreReported() throws Exception {
		String channel = Keys.roomChannel("busy");
		int slot = redis.slot(channel);
		RedisClusterServers.Master source = redis.owner(slot);
		RedisClusterServers.Master target = redis.masters()
			.stream()
			.filter((master) -> !master.equals(source))
			.findFirst()
			.orElseThrow();
		double[] resubscribesBefore = { resubscribes(one), resubscribes(two) };
		ExecutorService readers = Executors.newFixedThreadPool(2);
		ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
		try (LineClient amy = login(one, "amy");
				LineClient bob = login(two, "bob");
				LineClient cal = login(one, "cal");
				LineClient deb = login(two, "deb")) {
			int n = 0;
			for (LineClient client : List.of(amy, bob, cal, deb)) {
				n++;
				client.send("/join busy").awaitLine("\\* You joined #busy \\(" + n + " members?\\)");
			}
			assertThat(redis.shardSubscribers(source, channel)).isEqualTo(2);
			// cal (node one) hears bob (node two) through Redis, deb (node two) hears
			// amy.
			CompletableFuture<List<String>> calHeard = CompletableFuture.supplyAsync(
					() -> BusyRoom.readUntil(cal, "bob", Duration.ofSeconds(30), Duration.ofSeconds(10)), readers);
			CompletableFuture<List<String>> debHeard = CompletableFuture.supplyAsync(
					() -> BusyRoom.readUntil(deb, "amy", Duration.ofSeconds(30), Duration.ofSeconds(10)), readers);
			int before = 100;
			for (int i = 0; i < before; i++) {
				amy.send("pre " + i);
				bob.send("pre " + i);
			}
			AtomicInteger amySent = new AtomicInteger();
			AtomicInteger bobSent = new AtomicInteger();
			senders.scheduleAtFixedRate(() -> amy.send("mid " + amySent.getAndIncrement()), 0, 2,
					TimeUnit.MILLISECONDS);
			senders.scheduleAtFixedRate(() -> bob.send("mid " + bobSent.getAndIncrement()), 0, 2,
					TimeUnit.MILLISECONDS);
			await().pollInterval(Duration.ofMillis(10)).until(() -> amySent.get() >= 100 && bobSent.get() >= 100);
			int[] atStart = { amySent.get(), bobSent.get() };
			long start = System.nanoTime();
			redis.moveSlot(slot, source, target);
			long moved = System.nanoTime();
			int[] atMoved = { amySent.get(), bobSent.get() };
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> redis.shardSubscribers(target, channel) == 2);
			long followed = System.nanoTime();
			int[] atFollowed = { amySent.get(), bobSent.get() };
			senders.shutdown();
			assertThat(senders.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
			int[] mid = { amySent.get(), bobSent.get() };
			int after = 200;
			for (int i = 0; i < after; i++) {
				amy.send("post " + i);
				bob.send("post " + i);
			}
			amy.send("post end");
			bob.send("post end");
			List<String> heardByCal = calHeard.get(30, TimeUnit.SECONDS);
			List<String> heardByDeb = debHeard.get(30, TimeUnit.SECONDS);
			assertThat(redis.shardSubscribers(source, channel)).isZero();
			BusyRoom.Heard cals = BusyRoom.Heard.of(heardByCal, "bob");
			BusyRoom.Heard debs = BusyRoom.Heard.of(heardByDeb, "amy");
			double[] resubscribed = { resubscribes(one) - resubscribesBefore[0],
					resubscribes(two) - resubscribesBefore[1] };
			System.out.printf(
					"slot %d of %s moved from :%d to :%d in %.1f ms; both nodes subscribed there %.1f ms later;"
							+ " resubscribes on node one %.0f, on node two %.0f%n",
					slot, channel, source.port(), target.port(), (moved - start) / 1e6, (followed - moved) / 1e6,
					resubscribed[0], resubscribed[1]);
			meters("one", one);
			meters("two", two);
			report("cal (node one) hearing bob (node two)", cals, atStart[1], atMoved[1], atFollowed[1], mid[1]);
			report("deb (node two) hearing amy (node one)", debs, atStart[0], atMoved[0], atFollowed[0], mid[0]);
			for (BusyRoom.Heard heard : List.of(cals, debs)) {
				assertThat(heard.pre()).as("lines before the move").isEqualTo(BusyRoom.range(0, before));
				assertThat(heard.post()).as("lines after the nodes followed").isEqualTo(BusyRoom.range(0, after));
				assertThat(heard.ended()).isTrue();
			}
			BusyRoom.check(cals, atFollowed[1], mid[1], "move");
			BusyRoom.check(debs, atFollowed[0], mid[0], "move");
			assertThat(resubscribed[0]).as("node one followed the slot").isPositive();
			assertThat(resubscribed[1]).as("node two followed the slot").isPositive();
		}
		finally {
			senders.shutdownNow();
			readers.shutdownNow();
		}
	}

	private static void report(String who, BusyRoom.Heard heard, int atStart, int atMoved, int atFollowed, int sent) {
		List<Integer> lost = heard.lost(sent);
		int late = 0;
		for (int i = 1; i < heard.mid().size(); i++) {
			if (heard.mid().get(i) < heard.mid().get(i - 1)) {
				late++;
			}
		}
		System.out.printf(
				"%s: %d lines sent while moving (move began at #%d, ended at #%d, both nodes followed at #%d);"
						+ " %d arrived (%d after a later one), %d lost %s; gap lines %s%n",
				who, sent, atStart, atMoved, atFollowed, heard.mid().size(), late, lost.size(), ranges(lost),
				heard.gaps());
	}

	private static String ranges(List<Integer> numbers) {
		List<String> ranges = new ArrayList<>();
		for (int i = 0; i < numbers.size();) {
			int j = i;
			while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
				j++;
			}
			ranges.add((j > i) ? "#" + numbers.get(i) + "-#" + numbers.get(j) : "#" + numbers.get(i));
			i = j + 1;
		}
		return ranges.toString();
	}

	private static void meters(String name, ClusterNodes.Node node) {
		StringBuilder line = new StringBuilder("node " + name + ":");
		node.bean(MeterRegistry.class)
			.find("switchboard.cluster.dropped")
			.functionCounters()
			.forEach((counter) -> line.append(" dropped{")
				.append(counter.getId().getTag("reason"))
				.append("}=")
				.append((long) counter.count()));
		for (String meter : List.of("published", "received", "gaps", "resubscribes")) {
			line.append(' ')
				.append(meter)
				.append('=')
				.append((long) node.bean(MeterRegistry.class)
					.get("switchboard.cluster." + meter)
					.functionCounter()
					.count());
		}
		System.out.println(line);
	}

	@Override
	void awaitReleased(String nick) {
		String lease = Keys.lease(nick);
		await().until(() -> redis.call(redis.owner(redis.slot(lease)).port(), "GET", lease).isEmpty());
	}

	private static double resubscribes(ClusterNodes.Node node) {
		return node.bean(MeterRegistry.class).get("switchboard.cluster.resubscribes").functionCounter().count();
	}

}
