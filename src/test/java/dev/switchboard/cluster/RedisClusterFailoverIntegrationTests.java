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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
			assertThat(shardSubscribers(doomed, channel)).isEqualTo(2);
			CompletableFuture<List<String>> calHeard = CompletableFuture.supplyAsync(() -> readUntil(cal, "bob"),
					readers);
			CompletableFuture<List<String>> debHeard = CompletableFuture.supplyAsync(() -> readUntil(deb, "amy"),
					readers);
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
				.until(() -> shardSubscribers(heir, channel) == 2 && link(one).isUp() && link(two).isUp());
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
			Heard cals = Heard.of(heardByCal, "bob");
			Heard debs = Heard.of(heardByDeb, "amy");
			// Within each node, nothing was lost: cal hears amy (node one), deb hears bob
			// (node two), through the whole failover.
			assertThat(Heard.of(heardByCal, "amy").mid()).as("amy's lines on her own node").isEqualTo(range(0, mid[0]));
			assertThat(Heard.of(heardByDeb, "bob").mid()).as("bob's lines on his own node").isEqualTo(range(0, mid[1]));
			System.out.printf(
					"master :%d of slot %d (%s) killed; its replica :%d took over %.0f ms later;"
							+ " both nodes up and subscribed there %.0f ms after that%n",
					doomed.port(), slot, channel, heir.port(), (promoted - killed) / 1e6, (followed - promoted) / 1e6);
			report("cal (node one) hearing bob (node two)", cals, atFollowed[1], mid[1]);
			report("deb (node two) hearing amy (node one)", debs, atFollowed[0], mid[0]);
			for (Heard heard : List.of(cals, debs)) {
				assertThat(heard.pre()).as("lines before the kill").isEqualTo(range(0, before));
				assertThat(heard.post()).as("lines after the nodes followed the replica").isEqualTo(range(0, after));
				assertThat(heard.ended()).isTrue();
				assertThat(heard.quits()).as("nobody is seen quitting").isEmpty();
			}
			check(cals, atFollowed[1], mid[1]);
			check(debs, atFollowed[0], mid[0]);
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

	/** Reads lines until {@code sender} says "post end"; at most 60 s. */
	private static List<String> readUntil(LineClient reader, String sender) {
		List<String> lines = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			String line = reader.nextLine(Duration.ofSeconds(30));
			if (line == null) {
				break;
			}
			lines.add(line);
			if (line.equals("[#busy] " + sender + ": post end")) {
				break;
			}
		}
		return lines;
	}

	/** What a reader heard from the sender on the other node. */
	private record Heard(List<Integer> pre, List<Integer> mid, List<Integer> post, List<String> gaps,
			List<String> quits, boolean ended) {

		static Heard of(List<String> lines, String sender) {
			Pattern numbered = Pattern.compile("\\[#busy\\] " + sender + ": (pre|mid|post) (\\d+)");
			List<Integer> pre = new ArrayList<>();
			List<Integer> mid = new ArrayList<>();
			List<Integer> post = new ArrayList<>();
			List<String> gaps = new ArrayList<>();
			List<String> quits = new ArrayList<>();
			boolean ended = false;
			for (String line : lines) {
				Matcher matcher = numbered.matcher(line);
				if (matcher.matches()) {
					int number = Integer.parseInt(matcher.group(2));
					switch (matcher.group(1)) {
						case "pre" -> pre.add(number);
						case "mid" -> mid.add(number);
						default -> post.add(number);
					}
				}
				else if (line.startsWith("! Messages from other servers in #busy were lost between ")
						|| line.startsWith("! Messages from other servers were lost between ")) {
					gaps.add(line);
				}
				else if (line.matches("\\* \\S+ quit.*")) {
					quits.add(line);
				}
				else if (line.equals("[#busy] " + sender + ": post end")) {
					ended = true;
				}
			}
			return new Heard(pre, mid, post, gaps, quits, ended);
		}

		List<Integer> lost(int sent) {
			List<Integer> lost = new ArrayList<>(range(0, sent));
			lost.removeAll(this.mid);
			return lost;
		}

	}

	/**
	 * Lines sent during the failover arrived at most once each; every one sent after both
	 * nodes followed the replica arrived, in order; if any was lost, the reader was told.
	 */
	private static void check(Heard heard, int sentAtFollowed, int sent) {
		assertThat(heard.mid()).as("lines during the failover, at most once each").doesNotHaveDuplicates();
		assertThat(heard.mid().stream().filter((number) -> number >= sentAtFollowed).toList())
			.as("lines sent after both nodes followed the replica")
			.isEqualTo(range(sentAtFollowed, sent));
		if (!heard.lost(sent).isEmpty()) {
			assertThat(heard.gaps()).as("gap lines for " + heard.lost(sent).size() + " lost lines").isNotEmpty();
		}
	}

	private static void report(String who, Heard heard, int atFollowed, int sent) {
		List<Integer> lost = heard.lost(sent);
		System.out.printf(
				"%s: %d lines sent during the failover (both nodes followed at #%d); %d arrived, %d lost"
						+ " (#%s to #%s); gap lines %s%n",
				who, sent, atFollowed, heard.mid().size(), lost.size(), lost.isEmpty() ? "-" : lost.getFirst(),
				lost.isEmpty() ? "-" : lost.getLast(), heard.gaps());
	}

	private static List<Integer> range(int from, int to) {
		return IntStream.range(from, to).boxed().toList();
	}

	private static long shardSubscribers(RedisClusterServers.Master master, String channel) {
		List<String> reply = redis.call(master.port(), "PUBSUB", "SHARDNUMSUB", channel);
		return Long.parseLong(reply.get(1));
	}

}
