package dev.switchboard.irc;

import dev.switchboard.gateway.Drain;
import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A connection the gateway refuses or a drain closes on the IRC port is told why in IRC's
 * words ({@code ERROR :Closing Link: …}, which IRC clients show), while the chat port
 * keeps its own line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.tcp.max-connections-per-address=1", "switchboard.input.lines-per-second=0" })
class IrcRefusalIntegrationTests extends IrcFixture {

	@Autowired
	Drain drain;

	@Test
	void aConnectionOverTheAddressLimitGetsAnIrcErrorOnTheIrcPortAndTheChatLineOnTheChatPort() {
		try (LineClient first = irc("ivy")) {
			try (LineClient second = irc()) {
				second.expectLine("ERROR :Closing Link: Too many connections from your address \\(at most 1\\)\\."
						+ " Close one and try again\\.");
				second.expectClosed();
			}
			try (LineClient text = connectToChatPort()) {
				text.expectLine(
						"! Too many connections from your address \\(at most 1\\)\\. Close one and try again\\.");
				text.expectClosed();
			}
			first.send("PING still-here").expectLine(":irc.test PONG irc.test :still-here");
		}
	}

	@Test
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
	void aDrainClosesIrcClientsWithAnErrorLineAndTextUsersWithTheDrainLine() {
		try (LineClient irc = irc("ivy")) {
			try (LineClient text = LineClient.login(LineClient.connectFrom("127.0.0.2", this.chatServer.getPort()),
					"tom")) {
				this.drain.drain();
				irc.awaitLine("ERROR :Closing Link: Server is shutting down; please reconnect in a minute\\.");
				irc.expectClosed();
				text.awaitLine("\\* Server is shutting down; please reconnect in a minute\\.");
				text.expectClosed();
			}
		}
	}

	private LineClient connectToChatPort() {
		return LineClient.connect(this.chatServer.getPort());
	}

}
