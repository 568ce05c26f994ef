package dev.switchboard.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.switchboard.session.Session;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, bugs 4 and 5: a drain flushes each session for up to {@code drain.grace} (not
 * the 1 s {@code close-grace}), the drain line is the last thing each client reads, and
 * connections still in their sniff window when the drain begins are told and closed,
 * never greeted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=1s",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.drain.grace=10s", "switchboard.outbound.close-grace=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class DrainEdgeIntegrationTests extends ServerFixture {

	static final String DRAIN_LINE = "* Server is shutting down; please reconnect in a minute.";

	@Autowired
	Drain drain;

	@Test
	void drainFlushesASlowButReadingClientCompletelyAndItsLastLineIsTheDrainLine() {
		String payload = "d".repeat(4000);
		try (LineClient talker = login("talker");
				LineClient slow = LineClient.login(LineClient.connectSlow(this.port), "slow")) {
			talker.awaitLine("\\* guest-\\d+ is now known as slow");
			// Sent until about 400 KB wait in the server for the slow reader (beyond what
			// the kernel buffers hold), which then reads 150 KB/s: under the old 1 s
			// close
			// grace it was cut after a third of it.
			int sent = 0;
			while (queuedFor("slow") < 400_000 && sent < 2000) {
				for (int i = 0; i < 20; i++) {
					talker.send(sent++ + " " + payload);
				}
				talker.send("/ping " + sent).awaitLine("\\* pong " + sent);
			}
			assertThat(queuedFor("slow")).isGreaterThanOrEqualTo(400_000);
			CompletableFuture<Integer> draining = CompletableFuture.supplyAsync(this.drain::drain);
			List<String> lines = slow.readUntilClosed(150_000);
			List<String> said = lines.stream().filter((line) -> line.startsWith("[#lobby] talker: ")).toList();
			int total = sent;
			assertThat(said).containsExactlyElementsOf(
					IntStream.range(0, total).mapToObj((i) -> "[#lobby] talker: " + i + " " + payload).toList());
			assertThat(lines.getLast()).isEqualTo(DRAIN_LINE);
			assertThat(draining.join()).as("connections left when the drain ended").isZero();
		}
	}

	@Test
	void connectionsStillInTheirSniffWindowAreToldTheDrainLineAndClosedNotGreeted() {
		List<LineClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				clients.add(connect());
			}
			await().until(() -> this.connectionLimit.open() == 3);
			long started = System.nanoTime();
			assertThat(this.drain.drain()).as("connections left").isZero();
			assertThat(System.nanoTime() - started).as("drain time").isLessThan(5_000_000_000L);
			for (LineClient client : clients) {
				client.expectLine(java.util.regex.Pattern.quote(DRAIN_LINE));
				client.expectClosed();
			}
		}
		finally {
			clients.forEach(LineClient::close);
		}
	}

	private long queuedFor(String nick) {
		return this.sessions.all()
			.stream()
			.filter((session) -> session.nick().equals(nick))
			.mapToLong(Session::queuedBytes)
			.sum();
	}

}
