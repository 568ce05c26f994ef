package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 "What users must see": two nodes joined through Redis are one chat, over real
 * sockets. The same rows for every way of joining them: one Redis
 * ({@link ClusterIntegrationTests}) and a Redis Cluster
 * ({@link RedisClusterIntegrationTests}).
 */
abstract class OneChatAcrossNodes {

	/** Two nodes, started as {@code one} and {@code two}. */
	abstract ClusterNodes cluster();

	ClusterNodes.Node one() {
		return cluster().node("one");
	}

	ClusterNodes.Node two() {
		return cluster().node("two");
	}

	/** Waits until nobody holds the nick's claim in Redis any more. */
	abstract void awaitReleased(String nick);

	@Test
	void roomLinesAndActionsReachEveryMemberOnEveryNodeOnceInOrder() {
		try (LineClient ann = login(one(), "ann");
				LineClient ben = login(two(), "ben");
				LineClient cat = login(one(), "cat")) {
			join(ann, ben, cat, "talk");
			for (int i = 0; i < 200; i++) {
				ann.send("line " + i);
			}
			ann.send("/me waves");
			for (LineClient reader : List.of(ben, cat)) {
				for (int i = 0; i < 200; i++) {
					expectLine(reader, "\\[#talk\\] ann: line " + i);
				}
				expectLine(reader, "\\[#talk\\] \\* ann waves");
				reader.expectNothing();
			}
			ann.expectNothing();
		}
	}

	@Test
	void joinLeaveAndNickNoticesCrossNodesAndCountsAreClusterWide() {
		try (LineClient dan = login(one(), "dan"); LineClient eve = login(two(), "eve")) {
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
		// Three rooms, three channels in (almost surely) three slots on different
		// masters.
		try (LineClient fay = login(one(), "fay"); LineClient gus = login(two(), "gus")) {
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
		try (LineClient left = login(one(), "racer-a"); LineClient right = login(two(), "racer-b")) {
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

	@Test
	void nobodyCanTakeTheNickTheOtherNodeWillGiveItsNextGuest() {
		// Node two hands out its guest nicks without asking Redis: one chosen on node one
		// would be held twice.
		try (LineClient guest = two().connect(); LineClient squatter = login(one(), "squatter")) {
			String given = guest.awaitLine("\\* Welcome to Switchboard, (guest-[a-z0-9]{4}-)(\\d+)! .*");
			String prefix = given.replaceFirst("\\* Welcome to Switchboard, (guest-[a-z0-9]{4}-)\\d+! .*", "$1");
			long number = Long.parseLong(given.replaceFirst(".*guest-[a-z0-9]{4}-(\\d+)! .*", "$1"));
			String next = prefix + (number + 1);
			squatter.send("/nick " + next)
				.awaitLine("! The nick '" + next + "' has the form the server gives guests; pick another\\.");
			try (LineClient newcomer = two().connect()) {
				newcomer.awaitLine("\\* Welcome to Switchboard, " + next + "! .*");
			}
		}
	}

	@Test
	void aRoomCreatedOnTwoNodesAtOnceInDifferentCaseHasOneSpellingEverywhere() throws Exception {
		try (LineClient left = login(one(), "case-a"); LineClient right = login(two(), "case-b")) {
			for (int round = 0; round < 5; round++) {
				String upper = "CaseRace" + round;
				String lower = upper.toLowerCase(java.util.Locale.ROOT);
				CyclicBarrier start = new CyclicBarrier(2);
				CompletableFuture<String> leftJoined = CompletableFuture.supplyAsync(() -> joinAt(start, left, upper));
				String rightJoined = joinAt(start, right, lower);
				String shown = leftJoined.get(10, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(rightJoined).as("round " + round).isEqualTo(shown);
				left.send("from a");
				right.awaitLine("\\[#" + shown + "\\] case-a: from a");
				right.send("from b");
				left.awaitLine("\\[#" + shown + "\\] case-b: from b");
				left.send("/leave " + shown);
				right.send("/leave " + shown);
				left.awaitLine("\\* You left #" + shown + ".*");
				right.awaitLine("\\* You left #" + shown + ".*");
			}
		}
	}

	/**
	 * @return the room's name as the joiner was told it
	 */
	private static String joinAt(CyclicBarrier start, LineClient client, String room) {
		sendTogether(start, client, "/join " + room);
		String joined = client.awaitLine("\\* You joined #(?i:" + room + ") \\(\\d members?\\)");
		return joined.replaceFirst("\\* You joined #(\\S+) .*", "$1");
	}

	@Test
	void anIrcUserSeesUsersOfOtherNodesInWhoisAndIson() {
		try (LineClient far = login(one(), "far-away")) {
			int port = two().context().getBean("ircServer", AbstractServerConnectionFactory.class).getPort();
			try (LineClient irc = LineClient.connect(port)) {
				irc.send("NICK ivy-near").send("USER ivy 0 * :Ivy");
				irc.awaitLine(":\\S+ 001 ivy-near .*");
				irc.send("WHOIS far-away");
				irc.awaitLine(":\\S+ 311 ivy-near far-away far-away switchboard \\* :?far-away");
				irc.awaitLine(":\\S+ 318 ivy-near far-away :End of /WHOIS list");
				irc.send("ISON far-away nobody-here ivy-near");
				irc.awaitLine(":\\S+ 303 ivy-near :?far-away ivy-near");
			}
		}
	}

	private static String race(CyclicBarrier start, LineClient client, String nick) {
		sendTogether(start, client, "/nick " + nick);
		return client.awaitLine("(\\* You are now known as " + nick + "|! The nick " + nick + " is taken.*)");
	}

	/** Sends the line once every party has reached the barrier. */
	private static void sendTogether(CyclicBarrier start, LineClient client, String line) {
		try {
			start.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		client.send(line);
	}

	@Test // issue 11 part 3: one accounts database for every node
	void aRegisteredNickIsProtectedOnEveryNodeAndALoginTakesItFromItsHolderOnAnotherNode() {
		try (LineClient kim = login(one(), "kim"); LineClient fan = login(two(), "kimfan")) {
			kim.send("/register kim-secret-1")
				.awaitLine("\\* kim is now registered to you, and you are logged in\\..*");
			fan.send("/nick KIM").awaitLine("! The nick KIM is registered; if it is yours, /login KIM PASSWORD.*");
			fan.send("/whois kim").awaitLine("\\* kim is online, logged in as kim\\.");
			fan.send("/login kim wrong-secret").awaitLine("! Wrong password for kim\\.");
			fan.send("/login kim kim-secret-1").awaitLine("\\* You are now known as kim");
			fan.awaitLine("\\* You are logged in as kim\\.");
			kim.awaitLine("! Someone logged in to the account of kim, which takes the nick; you are no longer kim\\.");
			kim.awaitLine("\\* You are now known as guest-[a-z0-9]{4}-\\d+");
			kim.awaitLine("\\* You are no longer logged in as kim; /login kim PASSWORD to be kim again\\.");
			kim.send("/nick kim").awaitLine("! The nick kim is registered; .*");
			kim.send("/whois kim").awaitLine("\\* kim is online, logged in as kim\\.");
			fan.send("/unregister kim-secret-1").awaitLine("\\* kim is no longer registered\\. .*");
		}
	}

	@Test
	void directMessagesReachANickOnAnyNodeAndAGoneNickIsNoSuchNick() {
		try (LineClient hal = login(one(), "hal"); LineClient ivy = login(two(), "ivy")) {
			hal.send("/msg ivy hello over there");
			ivy.awaitLine("\\[dm\\] hal: hello over there");
			ivy.send("/msg HAL and back");
			hal.awaitLine("\\[dm\\] ivy: and back");
			ivy.send("/nick ivy2").awaitLine("\\* You are now known as ivy2");
			// The old nick's lease is released after the rename is confirmed; until
			// then a message to it is accepted by its old node and dropped there.
			awaitReleased("ivy");
			hal.send("/msg ivy anyone?");
			hal.awaitLine("! Nobody is called ivy; /who lists a room\\.");
		}
		awaitReleased("ivy2");
		try (LineClient jon = login(one(), "jon")) {
			jon.send("/msg ivy2 still there?");
			jon.awaitLine("! Nobody is called ivy2; /who lists a room\\.");
		}
	}

	@Test
	void whoAndRoomsShowTheWholeCluster() {
		try (LineClient kim = login(one(), "kim");
				LineClient lou = login(two(), "lou");
				LineClient max = login(one(), "max")) {
			kim.send("/join whoroom").awaitLine("\\* You joined #whoroom .*");
			lou.send("/join whoroom").awaitLine("\\* You joined #whoroom \\(2 members\\)");
			max.send("/join whoroom").awaitLine("\\* You joined #whoroom \\(3 members\\)");
			lou.send("/who").awaitLine("\\* #whoroom \\(3\\): kim, lou, max");
			kim.send("/rooms").awaitLine("\\* Rooms: .*#whoroom \\(3\\).*");
		}
	}

	@Test
	void anOperatorKicksANickOnAnotherNodeAndAnnouncesToEveryone() {
		try (LineClient ned = login(one(), "ned"); LineClient oli = login(two(), "oli")) {
			var kicked = one().http().post("/actuator/switchboard/kick", "{\"nick\":\"oli\",\"reason\":\"spam\"}");
			assertThat(kicked.body()).contains("\"kicked\":true");
			oli.awaitLine("! You were disconnected by an operator: spam");
			ned.awaitLine("\\* oli quit \\(Kicked: spam\\)");
			two().http().post("/actuator/switchboard/announce", "{\"text\":\"maintenance at noon\"}");
			ned.awaitLine("\\* \\[server\\] maintenance at noon");
		}
	}

	@Test // issue 12: a room's topic is the cluster's, and its changes cross nodes
	void aTopicSetOnOneNodeIsTheRoomsTopicOnEveryNodeAndItsChangesCrossNodes() {
		try (LineClient ann = login(one(), "tia"); LineClient ben = login(two(), "tod")) {
			ann.send("/join plans").awaitLine("\\* You joined #plans \\(1 member\\)");
			ann.send("/topic #plans release at five").awaitLine("\\* tia set the topic of #plans: release at five");
			ben.send("/join plans").awaitLine("\\* You joined #plans \\(2 members\\)");
			ben.send("/topic #plans").awaitLine("\\* Topic of #plans: release at five \\(set by tia\\)");
			ben.send("/topic #plans moved to six").awaitLine("\\* tod set the topic of #plans: moved to six");
			ann.awaitLine("\\* tod set the topic of #plans: moved to six");
			ann.send("/topic #plans").awaitLine("\\* Topic of #plans: moved to six \\(set by tod\\)");
		}
	}

	@Test // issue 12: room operators are per node, but a kick is seen on every node
	void aKickByARoomOperatorIsSeenByMembersOnEveryNode() {
		try (LineClient kim = login(one(), "kim");
				LineClient lou = login(one(), "lou");
				LineClient max = login(two(), "max")) {
			kim.send("/join mods").awaitLine("\\* You joined #mods \\(1 member\\)");
			lou.send("/join mods").awaitLine("\\* You joined #mods \\(2 members\\)");
			max.send("/join mods").awaitLine("\\* You joined #mods \\(3 members\\)");
			kim.send("/kick #mods lou spamming");
			lou.awaitLine("\\* You were kicked from #mods by kim \\(spamming\\)");
			max.awaitLine("\\* lou was kicked from #mods by kim \\(spamming\\)");
			max.send("/who #mods").awaitLine("\\* #mods \\(2\\): (kim, max|max, kim)");
		}
	}

	@Test
	void theOperatorEndpointListsTheLiveNodes() {
		String overview = one().http().get("/actuator/switchboard").body();
		assertThat(overview).contains("\"node\":\"one\"").contains("\"nodes\":[\"one\",\"two\"]");
	}

	static void expectLine(LineClient reader, String regex) {
		String line = reader.nextLine(Duration.ofSeconds(10));
		while (line != null && line.matches("\\* \\S+ (joined #\\S+|is now known as \\S+)")) {
			line = reader.nextLine(Duration.ofSeconds(10));
		}
		assertThat(line).matches(regex);
	}

	/**
	 * Logs in, skipping the lobby's notices of other users (those from the other node may
	 * arrive after this one's greeting).
	 */
	static LineClient login(ClusterNodes.Node node, String nick) {
		LineClient client = node.connect();
		client.awaitLine("\\* You joined #lobby .*");
		client.send("/nick " + nick).awaitLine("\\* You are now known as " + nick);
		return client;
	}

	static void join(LineClient first, LineClient second, LineClient third, String room) {
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
