package dev.switchboard.irc;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 12, room operators and modes across protocols (docs/IRC.md "Room operators and
 * modes", PROTOCOL.md §3b): the first member of a new room is its operator whatever its
 * protocol, and an operator on one protocol moderates users of the others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.tcp.sniff-window=100ms", "switchboard.input.lines-per-second=0",
				"switchboard.input.address-bytes-per-second=0", "switchboard.irc.operators.oper={noop}secret" })
class RoomOperatorsIntegrationTests extends IrcFixture {

	@Test
	void aTextUserWhoCreatesARoomIsItsOperatorForIrcUsers() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy")) {
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			irc.send("JOIN #dev").expectLine(":ivy!ivy@switchboard JOIN #dev");
			irc.expectLine(":irc.test 353 ivy = #dev :@tom ivy");
			irc.expectLine(":irc.test 366 ivy #dev :End of /NAMES list");
			text.expectLine("\\* ivy joined #dev");
			text.send("/mode").expectLine("\\* #dev has modes \\+n \\(n: only members talk\\); operators: tom");
		}
	}

	@Test
	void topicLockBindsTextUsersUntilAnOperatorMakesThemOne() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom")) {
			join(irc, "ivy", "#dev");
			text.send("/join dev").expectLine("\\* You joined #dev \\(2 members\\)");
			irc.expectLine(":tom!tom@switchboard JOIN #dev");
			irc.send("MODE #dev +t").expectLine(":ivy!ivy@switchboard MODE #dev \\+t");
			text.expectLine("\\* ivy set mode \\+t on #dev \\(t: only operators set the topic\\)");
			text.send("/topic release friday")
				.expectLine("! Only operators of #dev may set its topic \\(mode \\+t\\); /mode #dev lists them\\.");
			irc.expectNothing();
			irc.send("MODE #dev +o tom").expectLine(":ivy!ivy@switchboard MODE #dev \\+o tom");
			text.expectLine("\\* ivy made tom an operator of #dev");
			text.send("/topic release friday").expectLine("\\* tom set the topic of #dev: release friday");
			irc.expectLine(":tom!tom@switchboard TOPIC #dev :release friday");
		}
	}

	@Test
	void anIrcOperatorKicksATextUserWhoIsToldWhyAndTheRoomSeesIt() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom"); LineClient json = json("jay")) {
			join(irc, "ivy", "#dev");
			text.send("/join dev").awaitLine("\\* You joined #dev \\(2 members\\)");
			json.send("/join dev").expectLine(".*\"type\":\"joined\".*\"self\":true,\"members\":3}");
			irc.awaitLine(":jay!jay@switchboard JOIN #dev");
			text.awaitLine("\\* jay joined #dev");
			irc.send("KICK #dev tom :no spoilers");
			irc.expectLine(":ivy!ivy@switchboard KICK #dev tom :no spoilers");
			text.expectLine("\\* You were kicked from #dev by ivy \\(no spoilers\\)");
			json.expectLine("\\{\"type\":\"kicked\",\"ts\":\\d+,\"room\":\"dev\",\"nick\":\"tom\",\"by\":\"ivy\","
					+ "\"reason\":\"no spoilers\"}");
			text.send("/who dev").expectLine("\\* #dev \\(2\\): ivy, jay");
			text.send("in the lobby now");
			irc.expectNothing();
		}
	}

	@Test
	void aTextOperatorKicksAnIrcUserWithTheKickersNickAsDefaultReason() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy")) {
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			join(irc, "ivy", "#dev");
			text.expectLine("\\* ivy joined #dev");
			text.send("/kick ivy");
			irc.expectLine(":tom!tom@switchboard KICK #dev ivy :tom");
			text.expectLine("\\* ivy was kicked from #dev by tom \\(tom\\)");
			irc.send("PRIVMSG #dev :still here?").expectLine(":irc.test 404 ivy #dev :Cannot send to channel");
		}
	}

	@Test
	void anInviteOnlyRoomLetsTheInvitedInOnce() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy")) {
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			text.send("/mode +i").expectLine("\\* tom set mode \\+i on #dev \\(i: invite only\\)");
			irc.send("JOIN #dev").expectLine(":irc.test 473 ivy #dev :Cannot join channel \\(\\+i\\)");
			text.send("/invite ivy").expectLine("\\* You invited ivy to #dev\\.");
			irc.expectLine(":tom!tom@switchboard INVITE ivy #dev");
			join(irc, "ivy", "#dev");
			irc.send("PART #dev").expectLine(":ivy!ivy@switchboard PART #dev");
			irc.send("JOIN #dev").expectLine(":irc.test 473 ivy #dev :Cannot join channel \\(\\+i\\)");
		}
	}

	@Test
	void anIrcOperatorInvitesATextUserWhoSeesHowToJoin() {
		try (LineClient irc = irc("ivy"); LineClient text = text("tom")) {
			join(irc, "ivy", "#dev");
			irc.send("MODE #dev +i").expectLine(":ivy!ivy@switchboard MODE #dev \\+i");
			text.send("/join dev").expectLine("! #dev is invite-only; ask one of its operators to /invite tom\\.");
			irc.send("INVITE tom #dev").expectLine(":irc.test 341 ivy tom #dev");
			text.expectLine("\\* ivy invited you to #dev; /join dev to enter\\.");
			text.send("/join dev").expectLine("\\* You joined #dev \\(2 members\\)");
		}
	}

	@Test
	void aSecretRoomIsHiddenFromListRoomsAndNamesForNonMembers() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy"); LineClient ann = text("ann")) {
			text.awaitLine("\\* guest-\\d+ is now known as ann");
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			text.send("/mode #dev +s").expectLine("\\* tom set mode \\+s on #dev \\(s: secret\\)");
			ann.send("/rooms").expectLine("\\* Rooms: #lobby \\(2\\)");
			ann.send("/who dev").expectLine("! There is no room #dev; /rooms lists them\\.");
			irc.send("LIST").expectLine(":irc.test 321 ivy Channel :Users  Name");
			irc.expectLine(":irc.test 322 ivy #lobby 2 :");
			irc.expectLine(":irc.test 323 ivy :End of /LIST");
			irc.send("NAMES #dev").expectLine(":irc.test 366 ivy #dev :End of /NAMES list");
			text.send("/rooms").expectLine("\\* Rooms: #dev \\(1\\), #lobby \\(2\\)");
		}
	}

	@Test
	void nonOperatorsAreRefusedWith482OnIrcAndAClearErrorInText() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy"); LineClient ann = text("ann")) {
			text.send("/join dev").awaitLine("\\* You joined #dev \\(1 member\\)");
			join(irc, "ivy", "#dev");
			irc.send("MODE #dev +t").expectLine(":irc.test 482 ivy #dev :You're not channel operator");
			irc.send("KICK #dev tom").expectLine(":irc.test 482 ivy #dev :You're not channel operator");
			irc.send("MODE #dev +x").expectLine(":irc.test 472 ivy x :is unknown mode char to me");
			ann.send("/join dev").awaitLine("\\* You joined #dev \\(3 members\\)");
			ann.send("/kick ivy").expectLine("! You are not an operator of #dev; /mode #dev lists them\\.");
			ann.send("/op ann").expectLine("! You are not an operator of #dev; /mode #dev lists them\\.");
			text.awaitLine("\\* ann joined #dev");
			text.expectNothing();
		}
	}

	@Test
	void whenTheLastOperatorLeavesTheLongestPresentMemberBecomesOne() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy"); LineClient json = json("jay")) {
			text.send("/join dev").awaitLine("\\* You joined #dev \\(1 member\\)");
			join(irc, "ivy", "#dev");
			json.send("/join dev").expectLine(".*\"type\":\"joined\".*\"self\":true,\"members\":3}");
			irc.expectLine(":jay!jay@switchboard JOIN #dev");
			text.send("/leave dev");
			irc.expectLine(":tom!tom@switchboard PART #dev");
			irc.expectLine(":switchboard MODE #dev \\+o ivy");
			json.expectLine(".*\"type\":\"left\".*\"nick\":\"tom\"}");
			json.expectLine(
					"\\{\"type\":\"mode\",\"ts\":\\d+,\"room\":\"dev\",\"modes\":\"\\+o\",\"args\":\\[\"ivy\"]}");
			json.send("/mode #dev").expectLine(".*\"type\":\"modes\".*\"modes\":\"\\+n\",\"operators\":\\[\"ivy\"]}");
		}
	}

	@Test
	void anIrcOperatorActsAsAnOperatorOfAnyChannel() {
		try (LineClient text = text("tom"); LineClient irc = irc("ivy")) {
			text.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			join(irc, "ivy", "#dev");
			irc.send("OPER oper secret").expectLine(":irc.test 381 ivy :You are now an IRC operator");
			irc.expectLine(":ivy!ivy@switchboard MODE ivy :\\+o");
			text.expectLine("\\* ivy joined #dev");
			irc.send("MODE #dev +m").expectLine(":ivy!ivy@switchboard MODE #dev \\+m");
			text.expectLine("\\* ivy set mode \\+m on #dev \\(m: only operators and voiced members talk\\)");
			irc.send("PRIVMSG #dev :hi").expectLine(":irc.test 404 ivy #dev :Cannot send to channel");
			irc.send("MODE #dev +v ivy").expectLine(":ivy!ivy@switchboard MODE #dev \\+v ivy");
			text.expectLine("\\* ivy gave ivy a voice in #dev");
			irc.send("PRIVMSG #dev :hi");
			text.expectLine("\\[#dev\\] ivy: hi");
		}
	}

}
