package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 3: a write blocked past {@code write-timeout} cuts the connection even though its
 * queue stays under {@code max-pending} (64 MB here, so only the timeout can trigger).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.outbound.max-pending=64MB", "switchboard.outbound.write-timeout=1s",
				"switchboard.outbound.close-grace=200ms" })
class WriteTimeoutIntegrationTests extends ServerFixture {

	@Test
	void writeBlockedLongerThanTheTimeoutCutsTheConnection() {
		String payload = "w".repeat(4000);
		try (LineClient talker = login("talker");
				LineClient stuck = LineClient.login(LineClient.connectSlow(this.port), "stuck")) {
			talker.awaitLine("\\* guest-\\d+ is now known as stuck");
			int i = 0;
			String line;
			do {
				for (int burst = 0; burst < 200; burst++) {
					talker.send((i++) + " " + payload);
				}
				talker.send("/ping " + i);
				line = talker.awaitLine("\\* pong \\d+|\\* stuck quit \\(slow consumer\\)");
			}
			while (!line.contains("quit") && i < 20000);
			if (!line.contains("quit")) {
				talker.awaitLine("\\* stuck quit \\(slow consumer\\)");
			}
		}
	}

}
