package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;

import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.LineFramer;
import org.jspecify.annotations.Nullable;

/**
 * A connection's frames, paced by its own {@link TokenBucket} over lines and by its
 * address's shared budget over bytes ({@link AddressBudgets}). A line over either waits
 * on the reader thread, so the socket is not read meanwhile and TCP pushes back on the
 * sender alone. The first time, a {@link InboundFrame.Throttled} frame comes first, so
 * the client is told once why; after {@code flood-timeout} of continuous excess over the
 * line rate comes {@link InboundFrame.Flooding}.
 */
final class ThrottledInput {

	private final LineFramer framer;

	private final InputProperties limits;

	private final @Nullable TokenBucket bucket;

	// Set on the reader thread before the first line (a proxied connection's client is
	// known once its PROXY header is read).
	private AddressBudgets.@Nullable Budget address;

	private boolean told;

	private InboundFrame.@Nullable Line held;

	private long heldUntil;

	ThrottledInput(LineFramer framer, InputProperties limits, AddressBudgets.@Nullable Budget address) {
		this.framer = framer;
		this.limits = limits;
		this.address = address;
		this.bucket = (limits.linesPerSecond() > 0)
				? new TokenBucket(limits.linesPerSecond(), limits.burst(), System.nanoTime()) : null;
	}

	/** The client's address budget, once known. */
	void address(AddressBudgets.@Nullable Budget budget) {
		this.address = budget;
	}

	InboundFrame next() throws IOException {
		InboundFrame.Line line = this.held;
		if (line != null) {
			this.held = null;
			pause(this.heldUntil - System.nanoTime());
			return line;
		}
		InboundFrame frame = this.framer.next();
		if (!(frame instanceof InboundFrame.Line next)) {
			return frame;
		}
		long now = System.nanoTime();
		long lineWait = (this.bucket != null) ? this.bucket.take(now) : 0;
		if (lineWait > 0 && this.bucket.throttledFor(now) > this.limits.floodTimeout().toNanos()) {
			return new InboundFrame.Flooding(this.limits.floodTimeout().toSeconds());
		}
		// The terminator counts too, so empty lines are not free.
		long byteWait = (this.address != null) ? this.address.take(now, next.bytes().length + 1) : 0;
		long wait = Math.max(lineWait, byteWait);
		if (wait == 0) {
			return next;
		}
		if (!this.told) {
			this.told = true;
			this.held = next;
			this.heldUntil = now + wait;
			return (lineWait > 0) ? new InboundFrame.Throttled(this.limits.linesPerSecond())
					: new InboundFrame.AddressThrottled(this.limits.addressBytesPerSecond().toBytes());
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
