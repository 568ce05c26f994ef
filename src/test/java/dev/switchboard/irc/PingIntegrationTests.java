package dev.switchboard.irc;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 12 "PING/PONG both ways": a silent IRC client is pinged after
 * {@code ping-interval}; one that answers stays, one that stays silent for
 * {@code ping-timeout} more is closed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.irc.ping-interval=400ms", "switchboard.irc.ping-timeout=400ms",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0" })
class PingIntegrationTests extends IrcFixture {

	@Test
	void aSilentClientIsPingedAndStaysWhileItAnswers() {
		try (LineClient ivy = irc("ivy")) {
			ivy.awaitLine("PING :irc.test");
			ivy.send("PONG :irc.test");
			ivy.awaitLine("PING :irc.test");
			ivy.send("PONG :irc.test");
			ivy.send("PING :alive").awaitLine(":irc.test PONG irc.test :alive");
		}
	}

	@Test
	void aClientThatNeverAnswersIsClosedWithPingTimeoutAndItsRoomsSeeItQuit() {
		try (LineClient ivy = irc("ivy"); LineClient tom = text("tom")) {
			ivy.send("JOIN #lobby");
			ivy.awaitLine("PING :irc.test");
			ivy.awaitLine("ERROR :Closing Link: Ping timeout");
			ivy.expectClosed();
			tom.awaitLine("\\* ivy quit \\(Ping timeout\\)");
		}
	}

}
