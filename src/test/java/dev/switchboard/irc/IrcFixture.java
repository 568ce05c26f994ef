package dev.switchboard.irc;

import dev.switchboard.gateway.LineClient;
import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.SessionRegistry;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base for IRC socket tests: clients for both listeners, and after every test a check
 * that every session, nick and room was freed.
 */
abstract class IrcFixture {

	static final String SERVER = "irc.test";

	@Autowired
	@Qualifier("ircServer")
	AbstractServerConnectionFactory ircServer;

	@Autowired
	@Qualifier("chatServer")
	AbstractServerConnectionFactory chatServer;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	Nicks nicks;

	@Autowired
	Rooms rooms;

	@AfterEach
	void everythingIsFreed() {
		await().untilAsserted(() -> {
			assertThat(this.sessions.size()).as("sessions").isZero();
			assertThat(this.nicks.size()).as("nicks").isZero();
			assertThat(this.rooms.size()).as("rooms").isZero();
		});
	}

	LineClient irc() {
		await().until(this.ircServer::isListening);
		return LineClient.connect(this.ircServer.getPort());
	}

	/** Registers with NICK and USER and skips the welcome burst up to 422. */
	LineClient irc(String nick) {
		LineClient client = irc();
		client.send("NICK " + nick).send("USER " + nick + "-user 0 * :" + nick + " Real");
		client.expectLine(":" + SERVER + " 001 " + nick + " :Welcome to the Switchboard IRC network, " + nick + "!"
				+ nick + "@switchboard");
		client.awaitLine(":" + SERVER + " 422 " + nick + " :MOTD File is missing");
		return client;
	}

	LineClient text(String nick) {
		await().until(this.chatServer::isListening);
		return LineClient.login(this.chatServer.getPort(), nick);
	}

	LineClient json(String nick) {
		LineClient client = text(nick);
		client.send("/format json").expectLine(".*\"text\":\"Output format is now json\\.\"}");
		return client;
	}

	/** An IRC client joins a channel: its JOIN echo, then the names up to 366. */
	static void join(LineClient client, String nick, String channel) {
		client.send("JOIN " + channel);
		client.expectLine(":" + nick + "!" + nick + "@switchboard JOIN " + channel);
		client.awaitLine(":" + SERVER + " 366 " + nick + " " + channel + " :End of /NAMES list");
	}

}
