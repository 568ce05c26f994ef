package dev.switchboard.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3 "Floods and caps": 5 lines a second after a burst of 5, flood cut after 2 s of
 * continuous excess, at most 2 connections per address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.input.lines-per-second=5", "switchboard.input.burst=5",
				"switchboard.input.flood-timeout=2s", "switchboard.tcp.max-connections-per-address=2" })
class RateLimitIntegrationTests extends ServerFixture {

	@Autowired
	MeterRegistry registry;

	@Test
	void excessLinesAreDelayedNotLostAndTheSenderIsToldOnce() {
		try (LineClient sender = login("sender"); LineClient reader = login("reader")) {
			sender.awaitLine("\\* guest-\\d+ is now known as reader");
			long start = System.nanoTime();
			for (int i = 0; i < 10; i++) {
				sender.send("line " + i);
			}
			for (int i = 0; i < 10; i++) {
				reader.expectLine("\\[#lobby\\] sender: line " + i);
			}
			// The sender used 2 of the burst of 5 for /nick and its login; 10 more lines
			// need
			// at least 7 tokens at 5 a second.
			assertThat(System.nanoTime() - start).isGreaterThan(1_000_000_000L);
			sender.expectLine("\\* You are sending more than 5 lines a second; the server is slowing you down\\.");
			sender.expectNothing();
		}
	}

	@Test
	void sustainedFloodingIsCutWithReasonFloodAndOthersAreTold() {
		double floods = this.registry.get("switchboard.connections.closed")
			.tag("listener", "plain")
			.tag("reason", "flood")
			.functionCounter()
			.count();
		try (LineClient flooder = login("flooder"); LineClient reader = login("reader")) {
			flooder.awaitLine("\\* guest-\\d+ is now known as reader");
			for (int i = 0; i < 100; i++) {
				flooder.send("spam " + i);
			}
			flooder.awaitLine("! Disconnected: you kept sending too fast for 2 s\\.");
			flooder.expectClosed();
			reader.awaitLine("\\* flooder quit \\(flood\\)");
		}
		assertThat(this.registry.get("switchboard.connections.closed")
			.tag("listener", "plain")
			.tag("reason", "flood")
			.functionCounter()
			.count()).isEqualTo(floods + 1);
	}

	@Test
	void connectionsPerAddressAreCappedAndOtherAddressesAreNotAffected() {
		try (LineClient first = login("first"); LineClient second = login("second")) {
			try (LineClient third = connect()) {
				third.expectLine(
						"! Too many connections from your address \\(at most 2\\)\\. Close one and try again\\.");
				third.expectClosed();
			}
			try (LineClient elsewhere = LineClient.login(LineClient.connectFrom("127.0.0.2", this.port), "elsewhere")) {
				elsewhere.send("/who").expectLine("\\* #lobby \\(3\\): first, second, elsewhere");
			}
			second.close();
			first.awaitLine("\\* second quit \\(connection (closed|reset)\\)");
			try (LineClient again = login("again")) {
				again.send("/ping").expectLine("\\* pong");
			}
		}
	}

}
