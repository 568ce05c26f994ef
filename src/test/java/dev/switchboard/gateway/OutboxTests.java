package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchboard.gateway.OutboundProperties.SlowConsumerPolicy;
import dev.switchboard.protocol.OutboundFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox alone, writing into memory: the races a socket test only hits by chance. */
class OutboxTests {

	private final CountDownLatch gate = new CountDownLatch(1);

	// A socket that takes nothing until the gate opens.
	private final ByteArrayOutputStream written = new ByteArrayOutputStream() {

		@Override
		public void write(byte[] bytes, int offset, int length) {
			join(OutboxTests.this.gate);
			super.write(bytes, offset, length);
		}

	};

	private final OutboundProperties dropOver100Bytes = new OutboundProperties(DataSize.ofBytes(100),
			Duration.ofSeconds(10), SlowConsumerPolicy.DROP, Duration.ofSeconds(1));

	private final Outbox outbox = outbox(this.written, this.dropOver100Bytes);

	private static Outbox outbox(OutputStream written, OutboundProperties limits) {
		Wire wire = new Wire() {

			@Override
			public InputStream input() {
				return InputStream.nullInputStream();
			}

			@Override
			public OutputStream output() {
				return written;
			}

			@Override
			public Opening open(long maxNanos) {
				return Opening.OPEN;
			}

		};
		try {
			return new Outbox(wire, () -> 0, Thread.ofVirtual().factory(),
					new GatewayMetrics(new SimpleMeterRegistry(), new LiveConnections()).listener("plain", false),
					limits, (reason, failure) -> {
					});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void theMissedReportIsQueuedEvenWhenDeliveriesRefilledTheQueueFirst() throws InterruptedException {
		AtomicBoolean refilled = new AtomicBoolean();
		this.outbox.whenCaughtUp((missed) -> {
			// Another publisher fills the queue to its limit between the drain and the
			// report.
			Thread publisher = Thread.ofPlatform().start(() -> refilled.set(this.outbox.send(frame("x".repeat(99)))));
			join(publisher);
			return frame("missed " + missed);
		});
		assertThat(this.outbox.send(frame("y".repeat(99)))).isTrue();
		assertThat(this.outbox.send(frame("dropped"))).as("over the limit while the write is blocked").isFalse();
		this.gate.countDown();
		await().until(() -> text().contains("missed 1"));
		assertThat(refilled).isTrue();
		assertThat(text()).startsWith("y".repeat(99));
	}

	@Test // issue 13, bug 6
	void aSingleFrameLargerThanTheLimitIsQueuedWhenNothingElseWaitsButNotBehindOthers() {
		assertThat(this.outbox.send(frame("z".repeat(150)))).as("alone, though over 100 bytes").isTrue();
		assertThat(this.outbox.send(frame("w"))).as("behind it, over the limit").isFalse();
		this.gate.countDown();
		await().until(() -> text().equals("z".repeat(150)));
		await().until(() -> this.outbox.queuedBytes() == 0);
		assertThat(this.outbox.send(frame("after"))).isTrue();
		await().until(() -> text().endsWith("after"));
	}

	private String text() {
		synchronized (this.written) {
			return this.written.toString(StandardCharsets.UTF_8);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void join(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static OutboundFrame frame(String text) {
		return OutboundFrame.raw(text.getBytes(StandardCharsets.UTF_8));
	}

}
