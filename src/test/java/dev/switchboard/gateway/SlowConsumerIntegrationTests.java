package dev.switchboard.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 3 "Slow consumers", policy disconnect: a member that never reads is cut with
 * reason slow_consumer once 256 KiB are queued for it, while the others get every line in
 * order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.outbound.max-pending=256KB", "switchboard.outbound.close-grace=500ms" })
class SlowConsumerIntegrationTests extends ServerFixture {

	@Autowired
	MeterRegistry registry;

	@Test
	void neverReadingMemberIsCutWhileOthersLoseNothing() {
		double cuts = this.registry.get("switchboard.connections.closed")
			.tag("listener", "plain")
			.tag("reason", "slow_consumer")
			.functionCounter()
			.count();
		// 12 MB: more than the kernel's socket buffers on loopback can absorb for the
		// victim.
		String payload = "p".repeat(4000);
		try (LineClient talker = login("talker");
				LineClient reader = login("reader");
				LineClient victim = LineClient.login(LineClient.connectSlow(this.port), "victim")) {
			talker.awaitLine("\\* guest-\\d+ is now known as victim");
			reader.awaitLine("\\* guest-\\d+ is now known as victim");
			AtomicInteger read = new AtomicInteger();
			CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < 3000; i++) {
					reader.awaitLine("\\[#lobby\\] talker: " + i + " p{4000}");
					read.incrementAndGet();
				}
			});
			for (int i = 0; i < 3000; i++) {
				talker.send(i + " " + payload);
				if (i % 10 == 9) {
					int sent = i + 1;
					// The healthy reader keeps up (at most 10 behind); only the victim
					// falls behind.
					await().pollDelay(Duration.ZERO)
						.pollInterval(Duration.ofMillis(2))
						.until(() -> read.get() >= sent - 10 || reading.isDone());
				}
			}
			reading.join();
			talker.awaitLine("\\* victim quit \\(slow consumer\\)");
		}
		assertThat(this.registry.get("switchboard.connections.closed")
			.tag("listener", "plain")
			.tag("reason", "slow_consumer")
			.functionCounter()
			.count()).isEqualTo(cuts + 1);
		assertThat(this.registry.get("switchboard.messages.dropped")
			.tag("reason", "slow_consumer")
			.functionCounter()
			.count()).isPositive();
	}

}
