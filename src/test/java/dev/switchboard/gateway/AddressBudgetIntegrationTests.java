package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, bug 3: connections from one address, each inside its own line burst, must not
 * be able to fill a recipient's queue past {@code max-pending} between them and get a
 * reader that reads at full speed cut. The address's byte budget slows the senders
 * instead; nothing is lost. The reader has a small receive window, as a remote client
 * has, so loopback's megabytes of kernel buffers do not hide the backlog; it reads
 * steadily at 4 MB/s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = { "switchboard.tcp.port=0",
		"switchboard.tcp.sniff-window=0", "switchboard.input.address-bytes-per-second=1MB" })
class AddressBudgetIntegrationTests extends ServerFixture {

	static final int SENDERS = 12;

	static final int LINES = 98;

	@Autowired
	AddressBudgets budgets;

	@Test
	void aBurstOfDirectMessagesFromOneAddressSlowsItsSendersAndTheReaderGetsThemAll() {
		String payload = "x".repeat(4000);
		List<LineClient> senders = new ArrayList<>();
		try (LineClient victim = LineClient.login(LineClient.connectSlow(this.port), "victim")) {
			for (int s = 0; s < SENDERS; s++) {
				senders.add(login("sender" + s));
			}
			for (int s = 0; s < SENDERS; s++) {
				ByteArrayOutputStream burst = new ByteArrayOutputStream();
				for (int i = 0; i < LINES; i++) {
					burst.writeBytes(("/msg victim " + i + " " + payload + "\n").getBytes(StandardCharsets.UTF_8));
				}
				senders.get(s).sendRaw(burst.toByteArray());
			}
			// About 4.7 MB for one reader, nearly five times its max-pending (1 MB).
			Map<String, Integer> next = new HashMap<>();
			long started = System.nanoTime();
			long read = 0;
			for (int n = 0; n < SENDERS * LINES; n++) {
				String line = victim.awaitLine("\\[dm\\] sender\\d+: \\d+ x{4000}");
				read += line.length() + 2;
				// A steady reader of 4 MB/s: far faster than a person needs, far slower
				// than the burst arrives.
				java.util.concurrent.locks.LockSupport.parkNanos(started + read * 250 - System.nanoTime());
				String from = line.substring(5, line.indexOf(':'));
				int index = Integer.parseInt(line.substring(line.indexOf(": ") + 2, line.lastIndexOf(' ')));
				assertThat(index).as("order from " + from).isEqualTo(next.getOrDefault(from, 0));
				next.put(from, index + 1);
			}
			for (LineClient sender : senders) {
				sender.awaitLine("\\* Connections from your address are sending more than 1048576 bytes a second"
						+ " together; the server is slowing them down\\.");
			}
			victim.send("/ping alive").awaitLine("\\* pong alive");
		}
		finally {
			senders.forEach(LineClient::close);
		}
		await().untilAsserted(() -> assertThat(this.budgets.addresses()).isZero());
	}

}
