package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.switchboard.gateway.ChildServer;
import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9 "A node killed with kill -9": the other nodes' users see each of its users quit
 * once, with reason {@code server lost}, within 10 s; its nicks can be claimed again; the
 * surviving nodes lose nothing between them. The doomed node is a process of its own.
 */
@Tag("redis")
class DeadNodeIntegrationTests {

	@Test
	void aKilledNodesUsersQuitOnceForEveryoneElseAndTheirNicksAreFreed() {
		try (RedisServer redis = RedisServer.start(); ClusterNodes cluster = new ClusterNodes()) {
			ClusterNodes.Node one = cluster.start("one", redis.url());
			ClusterNodes.Node two = cluster.start("two", redis.url());
			ChildServer doomed = ChildServer.start(List.of(), "--switchboard.cluster.redis-url=" + redis.url(),
					"--switchboard.cluster.node-id=doomed", "--switchboard.tcp.sniff-window=0");
			try (LineClient ann = one.login("ann");
					LineClient bob = two.login("bob");
					LineClient zed = LineClient.login(LineClient.connect(doomed.chatPort), "zed");
					LineClient yan = LineClient.login(LineClient.connect(doomed.chatPort), "yan")) {
				for (LineClient user : List.of(ann, bob, zed, yan)) {
					user.send("/join r1").awaitLine("\\* You joined #r1 .*");
					user.send("/join r2").awaitLine("\\* You joined #r2 .*");
				}
				ann.awaitLine("\\* yan joined #r2");
				bob.awaitLine("\\* yan joined #r2");
				ann.expectNothing();
				bob.expectNothing();

				doomed.kill();
				long killed = System.nanoTime();
				for (int i = 0; i < 50; i++) {
					ann.send("survivor " + i);
				}
				List<String> annSaw = readUntil(ann, 2, 0);
				List<String> bobSaw = readUntil(bob, 2, 50);
				assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
				for (List<String> seen : List.of(annSaw, bobSaw)) {
					assertThat(seen.stream().filter((line) -> line.contains(" quit ")))
						.containsExactlyInAnyOrder("* zed quit (server lost)", "* yan quit (server lost)");
				}
				assertThat(bobSaw.stream().filter((line) -> !line.contains(" quit "))).containsExactlyElementsOf(
						IntStream.range(0, 50).mapToObj((i) -> "[#r2] ann: survivor " + i).toList());
				ann.expectNothing();
				bob.expectNothing();
				await().atMost(Duration.ofSeconds(30).minusNanos(System.nanoTime() - killed)).untilAsserted(() -> {
					bob.send("/nick zed");
					bob.awaitLine("(\\* You are now known as zed|! The nick zed is taken.*)");
					assertThat(redis.command("GET", "sb:nick:{zed}")).startsWith("two|");
				});
			}
			finally {
				doomed.close();
			}
		}
	}

	/** Reads lines until it has seen this many quit lines and this many other lines. */
	private static List<String> readUntil(LineClient client, int quits, int others) {
		List<String> seen = new ArrayList<>();
		long quit = 0;
		while (quit < quits || seen.size() - quit < others) {
			String line = client.nextLine(Duration.ofSeconds(15));
			assertThat(line).as("the next line after " + seen).isNotNull();
			seen.add(line);
			quit = seen.stream().filter((l) -> l.contains(" quit ")).count();
		}
		return seen;
	}

}
