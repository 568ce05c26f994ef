package dev.switchboard.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Outbound;
import org.jspecify.annotations.Nullable;

/**
 * One connection's writer. {@link #send} only queues and returns; a writer task (a
 * virtual thread, started when there is something to write and gone when the queue is
 * empty) copies everything queued into one buffer and writes it with a single call, so
 * under load a connection costs about one write per batch, and a slow socket only ever
 * parks its own writer. Idle connections hold no writer thread and no buffer.
 */
final class Outbox implements Outbound {

	static final int BATCH_BYTES = 16 * 1024;

	private static final byte[] CLOSE = {};

	private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicLong pendingBytes = new AtomicLong();

	private final OutputStream out;

	private final Executor writers;

	private final BiConsumer<CloseReason, @Nullable IOException> closer;

	private volatile CloseReason closeReason = CloseReason.ERROR;

	private volatile boolean closed;

	/**
	 * @param out the socket's output stream
	 * @param writers runs writer tasks (virtual threads)
	 * @param closer closes the connection: with the requested reason, or after a write
	 * failed
	 */
	Outbox(OutputStream out, Executor writers, BiConsumer<CloseReason, @Nullable IOException> closer) {
		this.out = out;
		this.writers = writers;
		this.closer = closer;
	}

	@Override
	public void send(byte[] frame) {
		if (this.closed) {
			return;
		}
		this.pendingBytes.addAndGet(frame.length);
		this.queue.add(frame);
		schedule();
	}

	@Override
	public void close(CloseReason reason) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.closeReason = reason;
		this.queue.add(CLOSE);
		schedule();
	}

	/** Bytes queued and not yet written. */
	long pendingBytes() {
		return this.pendingBytes.get();
	}

	private void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			this.writers.execute(this::drain);
		}
	}

	private void drain() {
		try {
			do {
				if (writeQueued()) {
					return;
				}
				this.scheduled.set(false);
			}
			while (!this.queue.isEmpty() && this.scheduled.compareAndSet(false, true));
		}
		catch (IOException ex) {
			this.closed = true;
			this.queue.clear();
			this.closer.accept(CloseReason.RESET, ex);
		}
	}

	/**
	 * @return true once the close marker was reached and the connection closed
	 */
	private boolean writeQueued() throws IOException {
		byte[] batch = null;
		int length = 0;
		byte[] frame;
		while ((frame = this.queue.poll()) != null) {
			if (frame == CLOSE) {
				flush(batch, length);
				this.closer.accept(this.closeReason, null);
				return true;
			}
			if (length + frame.length > BATCH_BYTES) {
				flush(batch, length);
				length = 0;
			}
			if (length == 0 && (frame.length >= BATCH_BYTES || this.queue.peek() == null)) {
				write(frame, frame.length);
				continue;
			}
			if (batch == null) {
				batch = new byte[BATCH_BYTES];
			}
			System.arraycopy(frame, 0, batch, length, frame.length);
			length += frame.length;
		}
		flush(batch, length);
		return false;
	}

	private void flush(byte @Nullable [] batch, int length) throws IOException {
		if (batch != null && length > 0) {
			write(batch, length);
		}
	}

	private void write(byte[] bytes, int length) throws IOException {
		this.out.write(bytes, 0, length);
		this.pendingBytes.addAndGet(-length);
	}

}
