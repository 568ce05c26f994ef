package dev.switchboard.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The deadline for finishing a line ({@code switchboard.tcp.line-timeout}): once a line
 * has started, its terminator must arrive within the timeout, however slowly the bytes
 * before it trickle in, or the read fails with {@link Expired}. Without it, a hundred
 * connections sending a byte a second held their slots for ever. An idle connection (no
 * line started) has no deadline: people idle in chat for hours. Sits between the socket
 * and the {@link dev.switchboard.protocol.LineFramer}, which says whether it is inside a
 * line each time it reads; reader thread only. It is inactive until {@link #start()}, so
 * the sniff window's own read timeout is left alone.
 */
final class LineDeadline extends FilterInputStream {

	private final Socket socket;

	private final long timeoutNanos;

	private BooleanSupplier midLine = () -> false;

	private LongSupplier linesEnded = () -> 0;

	private long linesSeen;

	private boolean active;

	private long lineStarted;

	private int soTimeout;

	LineDeadline(InputStream in, Socket socket, long timeoutNanos) {
		super(in);
		this.socket = socket;
		this.timeoutNanos = timeoutNanos;
	}

	/**
	 * Tells the deadline how to know whether a line has started, and when one ended: a
	 * client that streams in chunks that never end on a line boundary reads mid-line
	 * every time, yet each of its lines is finished at once.
	 */
	void watch(BooleanSupplier midLine, LongSupplier linesEnded) {
		this.midLine = midLine;
		this.linesEnded = linesEnded;
	}

	/** From now on, enforce the deadline (after the sniff window). */
	void start() {
		this.active = this.timeoutNanos > 0;
	}

	/**
	 * Enforces it no more (once it expired: the session closes through its outbox, and
	 * reads must not fail again before the error line is written).
	 */
	void stop() {
		this.active = false;
		try {
			setTimeout(0);
		}
		catch (IOException ex) {
			// the socket is going anyway
		}
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (!this.active) {
			return super.read(b, off, len);
		}
		arm();
		try {
			return super.read(b, off, len);
		}
		catch (SocketTimeoutException ex) {
			throw new Expired(this.timeoutNanos / 1_000_000_000L);
		}
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : one[0] & 0xFF;
	}

	private void arm() throws IOException {
		if (!this.midLine.getAsBoolean()) {
			this.lineStarted = 0;
			setTimeout(0);
			return;
		}
		long now = System.nanoTime();
		long ended = this.linesEnded.getAsLong();
		if (this.lineStarted == 0 || ended != this.linesSeen) {
			this.lineStarted = now;
			this.linesSeen = ended;
		}
		long left = this.timeoutNanos - (now - this.lineStarted);
		if (left <= 0) {
			throw new Expired(this.timeoutNanos / 1_000_000_000L);
		}
		setTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
	}

	// Only when it changes: most reads happen between lines, at 0.
	private void setTimeout(int millis) throws IOException {
		if (millis != this.soTimeout) {
			this.socket.setSoTimeout(millis);
			this.soTimeout = millis;
		}
	}

	/** A started line was not finished in time. */
	static final class Expired extends IOException {

		private final long seconds;

		Expired(long seconds) {
			super("a line was started and not finished within " + seconds + " s");
			this.seconds = seconds;
		}

		long seconds() {
			return this.seconds;
		}

	}

}
