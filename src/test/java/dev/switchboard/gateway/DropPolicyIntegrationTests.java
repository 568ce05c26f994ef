package dev.switchboard.gateway;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3 "Slow consumers", policy drop: deliveries past 16 KiB queued are dropped, and
 * the client, once caught up, is told exactly how many it missed; it stays connected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.outbound.max-pending=16KB", "switchboard.outbound.policy=drop" })
class DropPolicyIntegrationTests extends ServerFixture {

	private static final Pattern MISSED = Pattern
		.compile("\\* You missed (\\d+) messages because your connection read too slowly\\.");

	@Test
	void droppedDeliveriesAreCountedAndReportedOnceTheClientCatchesUp() {
		int sent = 3000;
		String payload = "d".repeat(1000); // 3 MB in all
		try (LineClient talker = login("talker");
				LineClient lagger = LineClient.login(LineClient.connectSlow(this.port), "lagger")) {
			talker.awaitLine("\\* guest-\\d+ is now known as lagger");
			for (int i = 0; i < sent; i++) {
				talker.send(i + " " + payload);
			}
			talker.send("/ping sent").awaitLine("\\* pong sent");
			int received = 0;
			long missed = 0;
			while (received + missed < sent) {
				String line = lagger.nextLine(LineClient.LINE_TIMEOUT);
				assertThat(line).as("lagger's next line").isNotNull();
				Matcher report = MISSED.matcher(line);
				if (report.matches()) {
					missed += Long.parseLong(report.group(1));
				}
				else {
					assertThat(line).matches("\\[#lobby\\] talker: \\d+ d{1000}");
					received++;
				}
			}
			assertThat(missed).isPositive();
			assertThat(received + missed).isEqualTo(sent);
			lagger.send("/ping alive").expectLine("\\* pong alive");
		}
	}

}
