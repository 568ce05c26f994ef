package dev.switchboard.gateway;

import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.SessionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base for socket-level tests: waits for the listener, and after every test asserts that
 * all sessions, nicks, rooms and admitted connections were freed (and the factory holds
 * no closed connection, with no new accept to harvest it), so any leak fails the test
 * that caused it.
 */
abstract class ServerFixture {

	@Autowired
	ChatServerFactory chatServer;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	Rooms rooms;

	@Autowired
	Nicks nicks;

	@Autowired
	ConnectionLimit connectionLimit;

	int port;

	@BeforeEach
	void awaitListener() {
		await().until(this.chatServer::isListening);
		this.port = this.chatServer.getPort();
	}

	@AfterEach
	void everythingIsFreed() {
		await().untilAsserted(() -> {
			assertThat(this.sessions.size()).as("sessions").isZero();
			assertThat(this.nicks.size()).as("nicks").isZero();
			assertThat(this.rooms.size()).as("rooms").isZero();
			assertThat(this.connectionLimit.open()).as("admitted connections").isZero();
			assertThat(this.connectionLimit.addresses()).as("addresses with connections").isZero();
			assertThat(this.chatServer.tracked()).as("connections the factory still holds").isZero();
		});
	}

	LineClient connect() {
		return LineClient.connect(this.port);
	}

	LineClient login(String nick) {
		return LineClient.login(this.port, nick);
	}

}
