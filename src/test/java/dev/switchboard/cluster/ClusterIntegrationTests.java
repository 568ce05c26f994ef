package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9 "What users must see": two nodes and a real Redis are one chat, over real
 * sockets. Needs Debian's redis-server on the PATH: the {@code redis} suite
 * ({@code ./mvnw verify -Predis}).
 */
@Tag("redis")
class ClusterIntegrationTests {

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

	@Test
	void roomLinesAndActionsReachEveryMemberOnEveryNodeOnceInOrder() {
		try (LineClient ann = one.login("ann"); LineClient ben = two.login("ben"); LineClient cat = one.login("cat")) {
			join(ann, ben, cat, "talk");
			for (int i = 0; i < 200; i++) {
				ann.send("line " + i);
			}
			ann.send("/me waves");
			for (LineClient reader : List.of(ben, cat)) {
				for (int i = 0; i < 200; i++) {
					assertThat(nextChatLine(reader)).isEqualTo("[#talk] ann: line " + i);
				}
				assertThat(nextChatLine(reader)).isEqualTo("[#talk] * ann waves");
				reader.expectNothing();
			}
			ann.expectNothing();
		}
	}

	@Test
	void joinLeaveAndNickNoticesCrossNodesAndCountsAreClusterWide() {
		try (LineClient dan = one.login("dan"); LineClient eve = two.login("eve")) {
			dan.send("/join notices").awaitLine("\\* You joined #notices \\(1 member\\)");
			eve.send("/join notices").awaitLine("\\* You joined #notices \\(2 members\\)");
			dan.awaitLine("\\* eve joined #notices");
			eve.send("/nick eve2").awaitLine("\\* You are now known as eve2");
			dan.awaitLine("\\* eve is now known as eve2");
			eve.send("/leave notices").awaitLine("\\* You left #notices");
			dan.awaitLine("\\* eve2 left #notices");
		}
	}

	@Test
	void aQuitSeenBySomeoneSharingThreeRoomsArrivesOnce() {
		try (LineClient fay = one.login("fay"); LineClient gus = two.login("gus")) {
			for (String room : List.of("q1", "q2", "q3")) {
				fay.send("/join " + room).awaitLine("\\* You joined #" + room + " .*");
				gus.send("/join " + room).awaitLine("\\* You joined #" + room + " .*");
			}
			fay.send("/nick fay2").awaitLine("\\* You are now known as fay2");
			gus.awaitLine("\\* fay is now known as fay2");
			fay.send("/quit gone");
			gus.awaitLine("\\* fay2 quit \\(Quit: gone\\)");
			gus.expectNothing();
		}
	}

	@Test
	void twoUsersRacingForOneNickOnTwoNodesExactlyOneWinsEveryTime() throws Exception {
		try (LineClient left = one.login("racer-a"); LineClient right = two.login("racer-b")) {
			for (int round = 0; round < 20; round++) {
				String nick = "prize" + round;
				CyclicBarrier start = new CyclicBarrier(2);
				CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> race(start, left, nick));
				CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> race(start, right, nick));
				List<String> answers = List.of(a.get(), b.get());
				assertThat(answers).as("round " + round)
					.filteredOn((line) -> line.equals("* You are now known as " + nick))
					.hasSize(1);
				assertThat(answers).as("round " + round)
					.filteredOn((line) -> line.startsWith("! The nick " + nick + " is taken"))
					.hasSize(1);
				LineClient winner = answers.get(0).startsWith("*") ? left : right;
				winner.send("/nick racer-" + round).awaitLine("\\* You are now known as racer-" + round);
			}
		}
	}

	private static String race(CyclicBarrier start, LineClient client, String nick) {
		try {
			start.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		client.send("/nick " + nick);
		return client.awaitLine("(\\* You are now known as " + nick + "|! The nick " + nick + " is taken.*)");
	}

	@Test
	void directMessagesReachANickOnAnyNodeAndAGoneNickIsNoSuchNick() {
		try (LineClient hal = one.login("hal"); LineClient ivy = two.login("ivy")) {
			hal.send("/msg ivy hello over there");
			ivy.awaitLine("\\[dm\\] hal: hello over there");
			ivy.send("/msg HAL and back");
			hal.awaitLine("\\[dm\\] ivy: and back");
			ivy.send("/nick ivy2").awaitLine("\\* You are now known as ivy2");
			hal.send("/msg ivy anyone?");
			hal.awaitLine("! Nobody is called ivy; /who lists a room\\.");
		}
		try (LineClient jon = one.login("jon")) {
			jon.send("/msg ivy2 still there?");
			jon.awaitLine("! Nobody is called ivy2; /who lists a room\\.");
		}
	}

	@Test
	void whoAndRoomsShowTheWholeCluster() {
		try (LineClient kim = one.login("kim"); LineClient lou = two.login("lou"); LineClient max = one.login("max")) {
			kim.send("/join whoroom").awaitLine("\\* You joined #whoroom .*");
			lou.send("/join whoroom").awaitLine("\\* You joined #whoroom \\(2 members\\)");
			max.send("/join whoroom").awaitLine("\\* You joined #whoroom \\(3 members\\)");
			lou.send("/who").awaitLine("\\* #whoroom \\(3\\): kim, lou, max");
			kim.send("/rooms").awaitLine("\\* Rooms: .*#whoroom \\(3\\).*");
		}
	}

	@Test
	void anOperatorKicksANickOnAnotherNodeAndAnnouncesToEveryone() {
		try (LineClient ned = one.login("ned"); LineClient oli = two.login("oli")) {
			var kicked = one.http().post("/actuator/switchboard/kick", "{\"nick\":\"oli\",\"reason\":\"spam\"}");
			assertThat(kicked.body()).contains("\"kicked\":true");
			oli.awaitLine("! You were disconnected by an operator: spam");
			ned.awaitLine("\\* oli quit \\(Kicked: spam\\)");
			two.http().post("/actuator/switchboard/announce", "{\"text\":\"maintenance at noon\"}");
			ned.awaitLine("\\* \\[server\\] maintenance at noon");
		}
	}

	@Test
	void theOperatorEndpointListsTheLiveNodes() {
		String overview = one.http().get("/actuator/switchboard").body();
		assertThat(overview).contains("\"node\":\"one\"").contains("\"nodes\":[\"one\",\"two\"]");
	}

	/**
	 * The next line that is not a join notice: a notice of a join on another node may
	 * reach a member who joined just after it (PROTOCOL.md §4 "Ordering").
	 */
	private static String nextChatLine(LineClient reader) {
		String line;
		do {
			line = reader.nextLine(java.time.Duration.ofSeconds(10));
			assertThat(line).as("a chat line").isNotNull();
		}
		while (line.matches("\\* .* joined #talk"));
		return line;
	}

	private static void join(LineClient first, LineClient second, LineClient third, String room) {
		List<LineClient> all = new ArrayList<>(List.of(first, second, third));
		int n = 0;
		for (LineClient client : all) {
			n++;
			client.send("/join " + room).awaitLine("\\* You joined #" + room + " \\(" + n + " members?\\)");
		}
		first.awaitLine("\\* .* joined #" + room);
		first.awaitLine("\\* .* joined #" + room);
		second.awaitLine("\\* .* joined #" + room);
	}

}
