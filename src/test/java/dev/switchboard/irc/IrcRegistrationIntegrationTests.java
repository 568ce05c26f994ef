package dev.switchboard.irc;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/** Issue 12: registration, capabilities and the error numerics, over a real socket. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.irc.operators.root={noop}secret" })
class IrcRegistrationIntegrationTests extends IrcFixture {

	@Test
	void capNegotiationHoldsRegistrationUntilCapEnd() {
		try (LineClient client = irc()) {
			client.send("CAP LS 302")
				.expectLine(
						":irc.test CAP \\* LS :cap-notify echo-message multi-prefix server-time userhost-in-names sasl=PLAIN");
			client.send("NICK ann").send("USER ann 0 * :Ann Real").expectNothing();
			client.send("CAP REQ :echo-message unknown-cap")
				.expectLine(":irc.test CAP \\* NAK :echo-message unknown-cap");
			client.send("CAP REQ :echo-message").expectLine(":irc.test CAP \\* ACK :echo-message");
			client.send("CAP END")
				.expectLine(":irc.test 001 ann :Welcome to the Switchboard IRC network, ann!ann@switchboard");
			client.expectLine(":irc.test 002 ann :Your host is irc.test, running version switchboard-.*");
			client.expectLine(":irc.test 003 ann :This server was created .*");
			client.expectLine(":irc.test 004 ann irc.test switchboard-\\S+ io imnst ov");
			client.expectLine(
					":irc.test 005 ann .*CASEMAPPING=ascii .*CHANTYPES=# .*NICKLEN=32 PREFIX=\\(ov\\)@\\+ .*:are supported by this server");
			client.awaitLine(":irc.test 422 ann :MOTD File is missing");
			client.send("CAP LIST").expectLine(":irc.test CAP ann LIST :echo-message");
		}
	}

	@Test
	void commandsBeforeRegistrationGet451() {
		try (LineClient client = irc()) {
			client.send("JOIN #dev").expectLine(":irc.test 451 \\* :You have not registered");
			client.send("PRIVMSG #dev :hi").expectLine(":irc.test 451 \\* :You have not registered");
		}
	}

	@Test
	void unknownCommandGets421AndTheConnectionStaysOpen() {
		try (LineClient client = irc("ann")) {
			client.send("FROBNICATE now").expectLine(":irc.test 421 ann FROBNICATE :Unknown command");
			client.send("PING :still-here").expectLine(":irc.test PONG irc.test :still-here");
		}
	}

	@Test
	void aLineOver512BytesGets417AndIsNotSaid() {
		try (LineClient ann = irc("ann"); LineClient bob = irc("bob")) {
			join(ann, "ann", "#dev");
			join(bob, "bob", "#dev");
			ann.expectLine(":bob!bob@switchboard JOIN #dev");
			bob.send("PRIVMSG #dev :" + "x".repeat(520)).expectLine(":irc.test 417 bob :Input line was too long");
			ann.expectNothing();
		}
	}

	@Test
	void missingParametersGet461AndATakenOrInvalidNickGets433Or432() {
		try (LineClient ann = irc("ann"); LineClient other = irc()) {
			ann.send("JOIN").expectLine(":irc.test 461 ann JOIN :Not enough parameters");
			other.send("NICK ann").expectLine(":irc.test 433 \\* ann :Nickname is already in use");
			other.send("NICK 9lives").expectLine(":irc.test 432 \\* 9lives :Erroneous nickname");
			other.send("NICK").expectLine(":irc.test 431 \\* :No nickname given");
		}
	}

	@Test
	void operWithTheRightPasswordMakesAnOperatorAndTheWrongOneGets464() {
		try (LineClient ann = irc("ann")) {
			ann.send("OPER root wrong").expectLine(":irc.test 464 ann :Password incorrect");
			ann.send("OPER root secret").expectLine(":irc.test 381 ann :You are now an IRC operator");
			ann.expectLine(":ann!ann@switchboard MODE ann :\\+o");
		}
	}

	@Test
	void aQuitReachesTheRoomBeforeAnythingItsMembersAskNext() {
		try (LineClient bar = irc("bar"); LineClient qux = irc("qux")) {
			join(bar, "bar", "#chan");
			join(qux, "qux", "#chan");
			bar.send("PING sync").awaitLine(":irc.test PONG irc.test :sync");
			qux.send("QUIT :qux out").expectLine("ERROR :Closing Link: Quit: qux out");
			bar.send("PING after");
			bar.expectLine(":qux!qux@switchboard QUIT :Quit: qux out");
			bar.expectLine(":irc.test PONG irc.test :after");
		}
	}

	@Test
	void quitSaysErrorAndCloses() {
		try (LineClient ann = irc("ann")) {
			ann.send("QUIT :off now").expectLine("ERROR :Closing Link: Quit: off now");
			ann.expectClosed();
		}
	}

	@Test
	void lusersCountsUsersOfEveryPortOperatorsAndUnregisteredConnectionsApart() {
		try (LineClient ann = irc("ann"); LineClient tom = text("tom"); LineClient early = irc()) {
			early.send("NICK early").send("PING sync").expectLine(":irc.test PONG irc.test :sync");
			ann.send("OPER root secret").awaitLine(":ann!ann@switchboard MODE ann :\\+o");
			ann.send("LUSERS");
			ann.expectLine(":irc.test 251 ann :There are 2 users and 0 invisible on 1 servers");
			ann.expectLine(":irc.test 252 ann 1 :operator\\(s\\) online");
			ann.expectLine(":irc.test 253 ann 1 :unknown connection\\(s\\)");
			ann.expectLine(":irc.test 254 ann 1 :channels formed");
			ann.expectLine(":irc.test 255 ann :I have 2 clients and 0 servers");
			// The max is since start: other tests in this context may have had more
			// users.
			ann.expectLine(":irc.test 265 ann :Current local users 2, max ([2-9]|\\d\\d+)");
			ann.expectLine(":irc.test 266 ann :Current global users 2, max ([2-9]|\\d\\d+)");
		}
	}

}
