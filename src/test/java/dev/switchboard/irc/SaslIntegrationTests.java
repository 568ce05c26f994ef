package dev.switchboard.irc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * IRCv3 SASL PLAIN against accounts: an IRC client logs in to a nick a text user
 * registered, during CAP negotiation, and gets that nick; a wrong password gets 904 and
 * the nick stays out of reach (433), as for anyone not logged in to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.accounts.data-dir=target/sasl-tests-${random.uuid}" })
class SaslIntegrationTests extends IrcFixture {

	private static final String PASSWORD = "correct-horse-battery-staple";

	@Test
	void anIrcClientLogsInWithSaslPlainAndGetsTheRegisteredNick() {
		register("alice");
		try (LineClient irc = irc()) {
			irc.send("CAP LS 302").expectLine(":irc.test CAP \\* LS :.*\\bsasl=PLAIN\\b.*");
			irc.send("NICK alice").send("USER alice 0 * :Alice");
			irc.send("CAP REQ :sasl").expectLine(":irc.test CAP \\* ACK :sasl");
			irc.send("AUTHENTICATE PLAIN").expectLine("AUTHENTICATE \\+");
			irc.send("AUTHENTICATE " + plain("alice", PASSWORD));
			irc.expectLine(":irc.test 900 \\* alice!alice@switchboard alice :You are now logged in as alice");
			irc.expectLine(":irc.test 903 \\* :SASL authentication successful");
			irc.send("CAP END");
			irc.awaitLine(":irc.test 001 alice :Welcome to the Switchboard IRC network, alice!alice@switchboard");
			try (LineClient text = text("tom")) {
				text.send("/whois alice").awaitLine(".*alice.*logged in.*");
			}
		}
	}

	@Test
	void aWrongPasswordGets904AndTheRegisteredNickStaysOutOfReach() {
		register("bella");
		try (LineClient irc = irc()) {
			irc.send("CAP LS 302").send("NICK bella").send("USER bella 0 * :Bella");
			irc.send("CAP REQ :sasl").awaitLine(":irc.test CAP \\* ACK :sasl");
			irc.send("AUTHENTICATE PLAIN").expectLine("AUTHENTICATE \\+");
			irc.send("AUTHENTICATE " + plain("bella", "not the password at all"));
			irc.expectLine(":irc.test 904 \\* :SASL authentication failed");
			irc.send("CAP END").expectLine(":irc.test 433 \\* bella :Nickname is already in use");
			irc.send("NICK bella_").awaitLine(":irc.test 001 bella_ .*");
		}
	}

	@Test
	void anExchangeCanBeAbortedAndOtherMechanismsAreRefusedWithTheList() {
		try (LineClient irc = irc()) {
			irc.send("CAP LS 302").send("CAP REQ :sasl").awaitLine(":irc.test CAP \\* ACK :sasl");
			irc.send("AUTHENTICATE EXTERNAL");
			irc.expectLine(":irc.test 908 \\* PLAIN :are available SASL mechanisms");
			irc.expectLine(":irc.test 904 \\* :SASL authentication failed");
			irc.send("AUTHENTICATE PLAIN").expectLine("AUTHENTICATE \\+");
			irc.send("AUTHENTICATE *").expectLine(":irc.test 906 \\* :SASL authentication aborted");
			irc.send("AUTHENTICATE PLAIN").expectLine("AUTHENTICATE \\+");
			irc.send("AUTHENTICATE " + "A".repeat(400)).send("AUTHENTICATE " + "A".repeat(400));
			irc.send("AUTHENTICATE " + "A".repeat(400));
			irc.expectLine(":irc.test 905 \\* :SASL message too long");
		}
	}

	private void register(String nick) {
		try (LineClient text = text(nick)) {
			text.send("/register " + PASSWORD).awaitLine("\\* " + nick + " is now registered to you.*");
		}
	}

	private static String plain(String nick, String password) {
		return Base64.getEncoder().encodeToString(("\0" + nick + "\0" + password).getBytes(StandardCharsets.UTF_8));
	}

}
