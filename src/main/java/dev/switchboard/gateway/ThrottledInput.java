package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;

import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.LineFramer;
import org.jspecify.annotations.Nullable;

/**
 * A connection's frames, paced by its {@link TokenBucket}. A line over the rate waits on
 * the reader thread, so the socket is not read meanwhile and TCP pushes back on the
 * sender alone. The first time, a {@link InboundFrame.Throttled} frame comes first, so
 * the client is told once why; after {@code flood-timeout} of continuous excess comes
 * {@link InboundFrame.Flooding}.
 */
final class ThrottledInput {

	private final LineFramer framer;

	private final InputProperties limits;

	private final @Nullable TokenBucket bucket;

	private boolean told;

	private InboundFrame.@Nullable Line held;

	private long heldUntil;

	ThrottledInput(LineFramer framer, InputProperties limits) {
		this.framer = framer;
		this.limits = limits;
		this.bucket = (limits.linesPerSecond() > 0)
				? new TokenBucket(limits.linesPerSecond(), limits.burst(), System.nanoTime()) : null;
	}

	InboundFrame next() throws IOException {
		InboundFrame.Line line = this.held;
		if (line != null) {
			this.held = null;
			pause(this.heldUntil - System.nanoTime());
			return line;
		}
		InboundFrame frame = this.framer.next();
		if (this.bucket == null || !(frame instanceof InboundFrame.Line next)) {
			return frame;
		}
		long now = System.nanoTime();
		long wait = this.bucket.take(now);
		if (wait == 0) {
			return next;
		}
		if (this.bucket.throttledFor(now) > this.limits.floodTimeout().toNanos()) {
			return new InboundFrame.Flooding(this.limits.floodTimeout().toSeconds());
		}
		if (!this.told) {
			this.told = true;
			this.held = next;
			this.heldUntil = now + wait;
			return new InboundFrame.Throttled(this.limits.linesPerSecond());
		}
		pause(wait);
		return next;
	}

	private static void pause(long nanos) throws InterruptedIOException {
		if (nanos <= 0) {
			return;
		}
		try {
			Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while throttled");
		}
	}

}
