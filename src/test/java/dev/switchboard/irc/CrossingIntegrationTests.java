package dev.switchboard.irc;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 12 "Crossing protocols is exact": an IRC client, an {@code nc}-style text client
 * and a JSON client share a room; each sees the others' lines, joins, nick changes and
 * quits exactly once, each in its own form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.tcp.sniff-window=100ms", "switchboard.input.lines-per-second=0",
				"switchboard.input.address-bytes-per-second=0" })
class CrossingIntegrationTests extends IrcFixture {

	@Test
	void ircTextAndJsonUsersInOneRoomEachSeeTheOthersLinesOnce() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			everyoneInDev(irc, text, json);
			text.send("hello from nc");
			irc.expectLine(":tom!tom@switchboard PRIVMSG #dev :hello from nc");
			json.expectLine(
					"\\{\"type\":\"message\",\"ts\":\\d+,\"room\":\"dev\",\"from\":\"tom\",\"text\":\"hello from nc\"}");
			irc.send("PRIVMSG #dev :hello from irc");
			text.expectLine("\\[#dev\\] ivy: hello from irc");
			json.expectLine(
					"\\{\"type\":\"message\",\"ts\":\\d+,\"room\":\"dev\",\"from\":\"ivy\",\"text\":\"hello from irc\"}");
			json.send("hello from json");
			irc.expectLine(":jay!jay@switchboard PRIVMSG #dev :hello from json");
			text.expectLine("\\[#dev\\] jay: hello from json");
			irc.expectNothing();
			text.expectNothing();
			json.expectNothing();
		}
	}

	@Test
	void ctcpActionIsAMeForTextUsersAndActionTrueInJson() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			everyoneInDev(irc, text, json);
			irc.send("PRIVMSG #dev :\u0001ACTION waves\u0001");
			text.expectLine("\\[#dev\\] \\* ivy waves");
			json.expectLine(".*\"from\":\"ivy\",\"text\":\"waves\",\"action\":true}");
			text.send("/me nods");
			irc.expectLine(":tom!tom@switchboard PRIVMSG #dev :\u0001ACTION nods\u0001");
		}
	}

	@Test
	void noticeIsDistinguishableForTextAndJsonUsers() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			everyoneInDev(irc, text, json);
			irc.send("NOTICE #dev :build is green");
			text.expectLine("\\[#dev\\] -ivy- build is green");
			json.expectLine(".*\"from\":\"ivy\",\"text\":\"build is green\",\"notice\":true}");
			irc.send("NOTICE tom :just you");
			text.expectLine("\\[dm\\] -ivy- just you");
		}
	}

	@Test
	void directMessagesCrossBothWays() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom")) {
			irc.send("PRIVMSG tom :psst");
			text.expectLine("\\[dm\\] ivy: psst");
			text.send("/msg ivy back at you");
			irc.expectLine(":tom!tom@switchboard PRIVMSG ivy :back at you");
			irc.send("PRIVMSG nobody :hello?").expectLine(":irc.test 401 ivy nobody :No such nick/channel");
		}
	}

	@Test
	void joinsNickChangesAndQuitsReachEveryProtocolOnce() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			everyoneInDev(irc, text, json);
			irc.send("NICK ivy2").expectLine(":ivy!ivy@switchboard NICK :ivy2");
			text.expectLine("\\* ivy is now known as ivy2");
			json.expectLine(".*\"type\":\"nick\".*\"from\":\"ivy\",\"nick\":\"ivy2\"}");
			text.send("/nick tom2");
			irc.expectLine(":tom!tom@switchboard NICK :tom2");
			json.awaitLine(".*\"type\":\"nick\".*\"from\":\"tom\",\"nick\":\"tom2\"}");
			text.send("/quit gone fishing");
			irc.expectLine(":tom2!tom2@switchboard QUIT :Quit: gone fishing");
			json.expectLine(".*\"type\":\"quit\".*\"nick\":\"tom2\",\"reason\":\"Quit: gone fishing\"}");
			irc.send("PART #dev");
			irc.expectLine(":ivy2!ivy2@switchboard PART #dev");
			json.expectLine(".*\"type\":\"left\".*\"room\":\"dev\",\"nick\":\"ivy2\"}");
			// ivy2 was the room's operator: the member left longest in it becomes one.
			json.awaitLine("\\{\"type\":\"mode\",.*\"room\":\"dev\",\"modes\":\"\\+o\",\"args\":\\[\"jay\"]}");
			irc.expectNothing();
			json.expectNothing();
		}
	}

	@Test
	void aTopicSetOnIrcIsSeenByTextAndJsonAndTheReverse() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			everyoneInDev(irc, text, json);
			irc.send("TOPIC #dev :release on friday");
			irc.expectLine(":ivy!ivy@switchboard TOPIC #dev :release on friday");
			text.expectLine("\\* ivy set the topic of #dev: release on friday");
			json.expectLine(".*\"type\":\"topic\".*\"room\":\"dev\",\"nick\":\"ivy\",\"text\":\"release on friday\"}");
			text.send("/topic").expectLine("\\* Topic of #dev: release on friday \\(set by ivy\\)");
			text.send("/topic #dev monday after all");
			irc.expectLine(":tom!tom@switchboard TOPIC #dev :monday after all");
			irc.send("TOPIC #dev").expectLine(":irc.test 332 ivy #dev :monday after all");
			irc.expectLine(":irc.test 333 ivy #dev tom \\d+");
		}
	}

	@Test
	void echoMessageAndServerTimeGiveTheSenderItsOwnLineWithATimeTag() {
		try (LineClient irc = irc(); LineClient text = text("tom")) {
			irc.send("CAP LS 302").send("CAP REQ :echo-message server-time").send("NICK ivy").send("USER i 0 * :I");
			irc.send("CAP END").awaitLine(":irc.test 422 ivy :MOTD File is missing");
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			irc.send("JOIN #dev").expectLine("@time=\\S+Z :ivy!ivy@switchboard JOIN #dev");
			irc.awaitLine(":irc.test 366 ivy #dev :End of /NAMES list");
			irc.send("PRIVMSG #dev :echoed");
			irc.expectLine(
					"@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z :ivy!ivy@switchboard PRIVMSG #dev :echoed");
			text.awaitLine("\\[#dev\\] ivy: echoed");
		}
	}

	@Test
	void channelQueriesAnswerWithNumerics() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom")) {
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			irc.send("JOIN #dev").expectLine(":ivy!ivy@switchboard JOIN #dev");
			irc.expectLine(":irc.test 353 ivy = #dev :@tom ivy");
			irc.expectLine(":irc.test 366 ivy #dev :End of /NAMES list");
			irc.send("MODE #dev").expectLine(":irc.test 324 ivy #dev \\+n");
			irc.expectLine(":irc.test 329 ivy #dev \\d+");
			irc.send("WHO #dev").expectLine(":irc.test 352 ivy #dev tom switchboard irc.test tom H@ :0 tom");
			irc.expectLine(":irc.test 352 ivy #dev ivy-user switchboard irc.test ivy H :0 ivy Real");
			irc.expectLine(":irc.test 315 ivy #dev :End of WHO list");
			irc.send("LIST #dev").expectLine(":irc.test 321 ivy Channel :Users  Name");
			irc.expectLine(":irc.test 322 ivy #dev 2 :");
			irc.expectLine(":irc.test 323 ivy :End of /LIST");
			irc.send("PART #nowhere").expectLine(":irc.test 403 ivy #nowhere :No such channel");
			irc.send("PRIVMSG #lobby :hi").expectLine(":irc.test 404 ivy #lobby :Cannot send to channel");
		}
	}

	@Test
	void topicsAndReasonsFromIrcAreSanitisedLikeATextUsersLine() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			everyoneInDev(irc, text, json);
			irc.send("TOPIC #dev :\u001b[5mblink\u202eRTL\u0007");
			text.expectLine("\\* ivy set the topic of #dev: blinkRTL");
			json.expectLine(".*\"type\":\"topic\".*\"nick\":\"ivy\",\"text\":\"blinkRTL\"}");
			irc.send("KICK #dev jay :r\u001b[2J\u0007x");
			text.expectLine("\\* jay was kicked from #dev by ivy \\(rx\\)");
			json.expectLine(".*\"kicked\".*\"reason\":\"rx\".*");
			irc.send("PART #dev :reason \u001b[31m\u0007with\u202enul");
			text.expectLine("\\* ivy left #dev \\(reason withnul\\)");
			text.expectLine("\\* tom is now an operator of #dev \\(its last operator left\\)");
			irc.send("JOIN #dev");
			text.expectLine("\\* ivy joined #dev");
			irc.send("QUIT :\u001b[2Jgone \u0007 now");
			text.expectLine("\\* ivy quit \\(Quit: gone  now\\)");
		}
	}

	private void everyoneInDev(LineClient irc, LineClient text, LineClient json) {
		join(irc, "ivy", "#dev");
		// The text user first sees the JSON user arrive in the lobby.
		text.send("/join dev").awaitLine("\\* You joined #dev \\(2 members\\)");
		irc.expectLine(":tom!tom@switchboard JOIN #dev");
		json.send("/join dev")
			.expectLine(".*\"type\":\"joined\".*\"room\":\"dev\",\"nick\":\"jay\",\"self\":true,\"members\":3}");
		irc.expectLine(":jay!jay@switchboard JOIN #dev");
		text.expectLine("\\* jay joined #dev");
	}

}
