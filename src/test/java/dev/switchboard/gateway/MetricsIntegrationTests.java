package dev.switchboard.gateway;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 4: every meter's name, tags and value after scripted traffic over real sockets.
 * Counters are shared with other tests in this context, so each assertion is on a delta.
 */
@ChatServerTest
class MetricsIntegrationTests extends ServerFixture {

	@Autowired
	MeterRegistry registry;

	@Test
	void connectionMetersCountOpensClosesByReasonAndActiveConnections() {
		double opened = counter("switchboard.connections.opened");
		double quits = counter("switchboard.connections.closed", "reason", "quit");
		double resets = counter("switchboard.connections.closed", "reason", "reset")
				+ counter("switchboard.connections.closed", "reason", "eof");
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			assertThat(gauge("switchboard.connections.active")).isEqualTo(2);
			assertThat(counter("switchboard.connections.opened")).isEqualTo(opened + 2);
			alice.send("/quit").awaitLine("\\* Bye!");
			alice.expectClosed();
			bob.reset();
			await().untilAsserted(() -> {
				assertThat(counter("switchboard.connections.closed", "reason", "quit")).isEqualTo(quits + 1);
				assertThat(counter("switchboard.connections.closed", "reason", "reset")
						+ counter("switchboard.connections.closed", "reason", "eof"))
					.isEqualTo(resets + 1);
				assertThat(gauge("switchboard.connections.active")).isZero();
			});
		}
	}

	@Test
	void messageMetersCountReceivedByKindDeliveredPerRecipientAndDroppedByReason() {
		double rooms = counter("switchboard.messages.received", "kind", "room");
		double dms = counter("switchboard.messages.received", "kind", "dm");
		double commands = counter("switchboard.messages.received", "kind", "command");
		double delivered = counter("switchboard.messages.delivered");
		long latencies = this.registry.get("switchboard.delivery.latency").timer().count();
		try (LineClient ann = login("ann"); LineClient ben = login("ben"); LineClient cat = login("cat")) {
			ann.awaitLine("\\* guest-\\d+ is now known as cat");
			ben.awaitLine("\\* guest-\\d+ is now known as cat");
			ann.send("to the room");
			ben.expectLine("\\[#lobby\\] ann: to the room");
			cat.expectLine("\\[#lobby\\] ann: to the room");
			ann.send("/msg cat direct");
			cat.expectLine("\\[dm\\] ann: direct");
			ann.send("/who").expectLine("\\* #lobby \\(3\\): ann, ben, cat");
			assertThat(counter("switchboard.messages.received", "kind", "room")).isEqualTo(rooms + 1);
			assertThat(counter("switchboard.messages.received", "kind", "dm")).isEqualTo(dms + 1);
			assertThat(counter("switchboard.messages.received", "kind", "command")).isEqualTo(commands + 4);
			assertThat(counter("switchboard.messages.delivered")).isEqualTo(delivered + 3);
			// One write in 16 per connection is sampled; each client here has had a few
			// writes.
			assertThat(this.registry.get("switchboard.delivery.latency").timer().count())
				.isGreaterThanOrEqualTo(latencies + 3);
			assertThat(gauge("switchboard.rooms.active")).isEqualTo(1);
		}
	}

	@Test
	void droppedMessagesAreCountedByReason() {
		double tooLong = counter("switchboard.messages.dropped", "reason", "line_too_long");
		double badUtf8 = counter("switchboard.messages.dropped", "reason", "invalid_utf8");
		double noRoom = counter("switchboard.messages.dropped", "reason", "no_room");
		double noNick = counter("switchboard.messages.dropped", "reason", "no_such_nick");
		try (LineClient ann = login("ann")) {
			ann.send("x".repeat(5000)).expectLine("! Line too long.*");
			ann.sendRaw(new byte[] { (byte) 0xC3, 0x28, '\n' }).expectLine("! That line is not valid UTF-8.*");
			ann.send("/msg ghost boo").expectLine("! Nobody is called ghost.*");
			ann.send("/leave").expectLine("\\* You left #lobby");
			ann.send("into the void").expectLine("! You are not in any room.*");
		}
		assertThat(counter("switchboard.messages.dropped", "reason", "line_too_long")).isEqualTo(tooLong + 1);
		assertThat(counter("switchboard.messages.dropped", "reason", "invalid_utf8")).isEqualTo(badUtf8 + 1);
		assertThat(counter("switchboard.messages.dropped", "reason", "no_such_nick")).isEqualTo(noNick + 1);
		assertThat(counter("switchboard.messages.dropped", "reason", "no_room")).isEqualTo(noRoom + 1);
	}

	@Test
	void byteMetersCountExactlyWhatCrossedTheSocketsAndQueuedReturnsToZero() {
		try (LineClient ann = login("ann"); LineClient ben = login("ben")) {
			ann.awaitLine("\\* guest-\\d+ is now known as ben");
			await().untilAsserted(() -> assertThat(gauge("switchboard.outbound.queued")).isZero());
			double received = counter("switchboard.bytes.received");
			double sent = counter("switchboard.bytes.sent");
			String line = "exactly these bytes \u2603";
			ann.send(line);
			String delivered = ben.expectLine("\\[#lobby\\] ann: .*");
			assertThat(counter("switchboard.bytes.received"))
				.isEqualTo(received + line.getBytes(StandardCharsets.UTF_8).length + 1);
			// The server counts a write after write() returns, so the client may see the
			// bytes first.
			await().untilAsserted(() -> assertThat(counter("switchboard.bytes.sent"))
				.isEqualTo(sent + delivered.getBytes(StandardCharsets.UTF_8).length + 2));
			await().untilAsserted(() -> assertThat(gauge("switchboard.outbound.queued")).isZero());
		}
	}

	@Test
	void noMeterIsTaggedWithANickRoomOrAddress() {
		try (LineClient ann = login("uniquenick")) {
			ann.send("/join uniqueroom").expectLine("\\* You joined #uniqueroom.*");
			ann.send("hi");
		}
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().contains("unique") || tag.getValue().contains("127.0.0.1")));
	}

	@Test
	void ofSpringIntegrationsPerLineTimersOnlyTheFramesChannelIsKept() {
		try (LineClient ann = login("ann")) {
			ann.send("/ping").expectLine("\\* pong");
		}
		assertThat(this.registry.find("spring.integration.send").timers())
			.extracting((timer) -> timer.getId().getTag("type") + ":" + timer.getId().getTag("name"))
			.containsOnly("channel:frames");
	}

	private double counter(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
