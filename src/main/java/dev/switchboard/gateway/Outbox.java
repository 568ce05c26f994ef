package dev.switchboard.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import dev.switchboard.gateway.OutboundProperties.SlowConsumerPolicy;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Outbound;
import org.jspecify.annotations.Nullable;

/**
 * One connection's writer. {@link #send} only queues and returns; a writer thread (a
 * virtual thread, started on the first frame, parked while the queue is empty and ended
 * after {@link #WRITER_LINGER_NANOS} idle) copies everything queued into one buffer and
 * writes it with a single call, so under load a connection costs about one write per
 * batch, and a slow socket only ever parks its own writer. Idle connections hold no
 * writer thread and no buffer.
 * <p>
 * Past {@code max-pending} queued bytes, or when the {@link SlowConsumerWatchdog} finds a
 * write blocked longer than {@code write-timeout}, the slow-consumer policy applies:
 * disconnect (the backlog is freed at once, one final error line is queued, and the
 * socket is closed after at most {@code close-grace}) or drop (new frames are dropped
 * until the queue has drained, then the client is told how many it missed).
 */
final class Outbox implements Outbound {

	static final int BATCH_BYTES = 16 * 1024;

	static final int MAX_BATCH_FRAMES = 256;

	/**
	 * Delivery latency is recorded for one write in this many (a power of two), per
	 * connection.
	 */
	static final int LATENCY_SAMPLE = 16;

	/** How long an idle writer waits for more output before its thread ends. */
	static final long WRITER_LINGER_NANOS = 1_000_000_000L;

	private static final OutboundFrame CLOSE = OutboundFrame.raw(new byte[0]);

	private final FrameQueue queue = new FrameQueue();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicLong pendingBytes = new AtomicLong();

	private final AtomicLong sentBytes = new AtomicLong();

	private final AtomicLong missed = new AtomicLong();

	private final CountDownLatch done = new CountDownLatch(1);

	// Makes the first close win: a drain, a /quit and a cut may race.
	private final AtomicBoolean closeOnce = new AtomicBoolean();

	private final LongSupplier receivedBytes;

	private final Wire wire;

	private final OutputStream out;

	private final ThreadFactory writers;

	private final ListenerMetrics metrics;

	private final OutboundProperties limits;

	private final Closer closer;

	private volatile CloseReason closeReason = CloseReason.ERROR;

	private volatile boolean closed;

	private volatile boolean stalled;

	private volatile long writeStartedNanos;

	private volatile long closeRequestedNanos;

	// How long the close may wait for the queue to flush: close-grace, or the drain's
	// grace.
	private volatile long closeGraceNanos;

	private volatile @Nullable LongFunction<OutboundFrame> caughtUp;

	// Only the scheduled writer touches these. The batch (and its buffer) lives as long
	// as
	// the writer thread and is dropped when it retires.
	private long writes;

	private @Nullable Batch batch;

	// The writer thread while one runs; it parks between bursts and exits after
	// WRITER_LINGER idle.
	private volatile @Nullable Thread writer;

	private volatile boolean terminated;

	// When the parked writer went idle, or 0 while it runs.
	private volatile long idleSince;

	/** Closes the connection: with the requested reason, or after a write failed. */
	interface Closer {

		void close(CloseReason reason, @Nullable IOException failure);

	}

	/**
	 * @param wire the connection's wire: writes go to its output, and it ends the stream
	 * after the last frame (TLS: close_notify)
	 */
	Outbox(Wire wire, LongSupplier receivedBytes, ThreadFactory writers, ListenerMetrics metrics,
			OutboundProperties limits, Closer closer) throws IOException {
		this.wire = wire;
		this.out = wire.output();
		this.receivedBytes = receivedBytes;
		this.writers = writers;
		this.metrics = metrics;
		this.limits = limits;
		this.closer = closer;
	}

	@Override
	public boolean send(OutboundFrame frame) {
		if (this.closed) {
			return false;
		}
		int length = frame.bytes().length;
		long pending = this.pendingBytes.get();
		// A frame that finds nothing waiting is queued whatever its size: no single frame
		// trips the policy by itself.
		if (this.stalled || (pending > 0 && pending + length > this.limits.maxPending().toBytes())) {
			overLimit();
			return false;
		}
		enqueue(frame);
		return true;
	}

	private void enqueue(OutboundFrame frame) {
		this.pendingBytes.addAndGet(frame.bytes().length);
		this.queue.add(frame);
		schedule();
	}

	private void overLimit() {
		this.metrics.droppedSlowConsumer(1);
		if (this.limits.policy() == SlowConsumerPolicy.DROP) {
			this.missed.incrementAndGet();
			// A drop just after the writer's last report must still be reported: if no
			// writer is running, an empty drain reports it.
			schedule();
		}
		else {
			disconnectSlowConsumer();
		}
	}

	private void disconnectSlowConsumer() {
		String line = "! Disconnected: you read too slowly (over " + this.limits.maxPending().toBytes()
				+ " bytes waiting, or a write blocked for " + this.limits.writeTimeout().toSeconds() + " s).\r\n";
		closeAfter(CloseReason.SLOW_CONSUMER, OutboundFrame.raw(line.getBytes(StandardCharsets.UTF_8)),
				this.limits.closeGrace(), true);
	}

	@Override
	public void close(CloseReason reason) {
		closeAfter(reason, null, this.limits.closeGrace(), false);
	}

	@Override
	public void close(CloseReason reason, OutboundFrame last) {
		closeAfter(reason, last, this.limits.closeGrace(), false);
	}

	@Override
	public void close(CloseReason reason, OutboundFrame last, Duration flushWithin) {
		closeAfter(reason, last, flushWithin, false);
	}

	/**
	 * The one way a close is requested: the first caller wins; {@code last} is the last
	 * frame written; a slow consumer's backlog is discarded first
	 * ({@code discardBacklog}) so only its final line is still written.
	 */
	private void closeAfter(CloseReason reason, @Nullable OutboundFrame last, Duration flushWithin,
			boolean discardBacklog) {
		if (this.closed || !this.closeOnce.compareAndSet(false, true)) {
			return;
		}
		this.closed = true;
		this.closeReason = reason;
		if (discardBacklog) {
			this.metrics.droppedSlowConsumer(discardQueued());
		}
		this.closeGraceNanos = flushWithin.toNanos();
		if (last != null) {
			this.pendingBytes.addAndGet(last.bytes().length);
		}
		// Both at once: a delivery racing this close lands before the last line or after
		// the close marker (where it is never written), never between them.
		this.queue.addLast(last, CLOSE);
		this.closeRequestedNanos = System.nanoTime();
		schedule();
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isEncrypted() {
		return this.wire.encrypted();
	}

	@Override
	public void whenCaughtUp(LongFunction<OutboundFrame> missedReport) {
		this.caughtUp = missedReport;
	}

	/**
	 * Called about once a second by the watchdog: applies the policy to a write blocked
	 * past the timeout, and closes a socket whose close has waited past the grace period.
	 */
	void check(long now) {
		long idle = this.idleSince;
		Thread parked = this.writer;
		if (idle != 0 && parked != null && now - idle >= WRITER_LINGER_NANOS) {
			LockSupport.unpark(parked);
		}
		long closeRequested = this.closeRequestedNanos;
		if (closeRequested != 0 && now - closeRequested > this.closeGraceNanos) {
			this.closeRequestedNanos = 0;
			this.closer.close(this.closeReason, null);
			return;
		}
		long started = this.writeStartedNanos;
		if (started != 0 && now - started > this.limits.writeTimeout().toNanos()) {
			if (this.limits.policy() == SlowConsumerPolicy.DROP) {
				this.stalled = true;
			}
			else {
				disconnectSlowConsumer();
			}
		}
	}

	@Override
	public long bytesReceived() {
		return this.receivedBytes.getAsLong();
	}

	@Override
	public long bytesSent() {
		return this.sentBytes.get();
	}

	@Override
	public long queuedBytes() {
		return this.pendingBytes.get();
	}

	private void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			Thread current = this.writer;
			if (current != null) {
				LockSupport.unpark(current);
			}
			else {
				Thread started = this.writers.newThread(this::run);
				this.writer = started;
				started.start();
			}
		}
	}

	/**
	 * Waits until nothing more will be written: the connection closed, or a write failed.
	 * @return false if the wait timed out
	 */
	boolean awaitDone(long millis) throws InterruptedException {
		return this.done.await(millis, TimeUnit.MILLISECONDS);
	}

	/** Ends a parked writer once the connection is closed. */
	void terminate() {
		this.closed = true;
		this.terminated = true;
		this.done.countDown();
		Thread current = this.writer;
		if (current != null) {
			LockSupport.unpark(current);
		}
	}

	// The writer: drains, parks while there is nothing to write, and ends after lingering
	// idle.
	// A producer only unparks or starts a writer after winning the CAS on scheduled.
	private void run() {
		try {
			while (true) {
				if (writeQueued()) {
					return;
				}
				this.scheduled.set(false);
				if (!this.queue.isEmpty() && this.scheduled.compareAndSet(false, true)) {
					continue;
				}
				reportMissed();
				if (this.terminated || !parkOrRetire()) {
					return;
				}
			}
		}
		catch (IOException ex) {
			this.closed = true;
			discardQueued();
			// The closer may leave the socket to its reader (which still has the peer's
			// last lines to handle); the watchdog closes it regardless after close-grace.
			this.closeReason = CloseReason.RESET;
			this.closeGraceNanos = this.limits.closeGrace().toNanos();
			this.closeRequestedNanos = System.nanoTime();
			this.done.countDown();
			this.closer.close(CloseReason.RESET, ex);
		}
	}

	/**
	 * Parks without a timeout (a timed park costs a timer task per burst); the watchdog
	 * wakes a writer idle for longer than the linger so it can retire.
	 * @return true to drain again; false when this writer retired
	 */
	private boolean parkOrRetire() {
		this.idleSince = System.nanoTime();
		try {
			while (!this.scheduled.get() && !this.terminated) {
				if (System.nanoTime() - this.idleSince >= WRITER_LINGER_NANOS) {
					if (this.scheduled.compareAndSet(false, true)) {
						this.queue.release();
						this.batch = null;
						this.writer = null;
						this.scheduled.set(false);
						if (!this.queue.isEmpty()) {
							schedule();
						}
						return false;
					}
					return true;
				}
				LockSupport.park(this);
			}
			return !this.terminated || this.scheduled.get();
		}
		finally {
			this.idleSince = 0;
		}
	}

	// Runs when the queue has drained: a dropping client has caught up.
	private void reportMissed() {
		this.stalled = false;
		LongFunction<OutboundFrame> report = this.caughtUp;
		long count = (report != null && !this.closed) ? this.missed.getAndSet(0) : 0;
		if (count > 0) {
			// Queued even over the limit: deliveries may have refilled the queue since it
			// drained, and a refused report would lose the count it carries. At most one
			// small frame per drain.
			enqueue(report.apply(count));
		}
	}

	/**
	 * @return true once the close marker was reached and the connection closed
	 */
	private boolean writeQueued() throws IOException {
		Batch batch = this.batch;
		if (batch == null) {
			batch = new Batch();
			this.batch = batch;
		}
		while (!this.queue.isEmpty()) {
			OutboundFrame[] frames = this.queue.take();
			int count = this.queue.taken();
			for (int i = 0; i < count; i++) {
				OutboundFrame frame = frames[i];
				if (frame == CLOSE) {
					batch.flush();
					discardQueued();
					// Before the close request is cleared: if ending the stream blocks on
					// a
					// client that does not read, the watchdog still closes the socket.
					this.wire.finish();
					this.closeRequestedNanos = 0;
					this.closer.close(this.closeReason, null);
					return true;
				}
				batch.add(frame, i == count - 1);
			}
		}
		batch.flush();
		return false;
	}

	/**
	 * @return how many frames were discarded
	 */
	private int discardQueued() {
		int frames = this.queue.clear();
		this.pendingBytes.set(0);
		return frames;
	}

	private void write(byte[] bytes, int length) throws IOException {
		this.writeStartedNanos = System.nanoTime();
		try {
			this.out.write(bytes, 0, length);
		}
		finally {
			this.writeStartedNanos = 0;
		}
		this.pendingBytes.addAndGet(-length);
		this.sentBytes.addAndGet(length);
		this.metrics.written(length);
	}

	/**
	 * Frames gathered into one write. A lone frame, or one as large as the buffer, is
	 * written as is; the buffer is only allocated when two or more frames are waiting, is
	 * reused for every write of this writer, and grows (by doubling, up to
	 * {@link #BATCH_BYTES}) only when more is queued than it holds.
	 */
	private final class Batch {

		private byte @Nullable [] buffer;

		private int length;

		private int frames;

		// The oldest delivery in the batch: latency is recorded once per write, for its
		// worst case.
		private long oldestOrigin;

		/**
		 * @param last whether this is the last frame taken so far: a lone frame is
		 * written as is, with no copy
		 */
		void add(OutboundFrame frame, boolean last) throws IOException {
			byte[] bytes = frame.bytes();
			if (this.length > 0 && (!fits(this.length + bytes.length) || this.frames == MAX_BATCH_FRAMES)) {
				flush();
			}
			if (this.length == 0 && (bytes.length >= BATCH_BYTES || (last && Outbox.this.queue.isEmpty()))) {
				write(bytes, bytes.length);
				recordLatency(frame.originNanos(), System.nanoTime());
				return;
			}
			fits(this.length + bytes.length);
			System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
			this.length += bytes.length;
			this.frames++;
			long origin = frame.originNanos();
			if (origin != 0 && (this.oldestOrigin == 0 || origin - this.oldestOrigin < 0)) {
				this.oldestOrigin = origin;
			}
		}

		/**
		 * Makes room for {@code needed} bytes, growing the buffer toward what is queued
		 * (so a burst is copied once, into one buffer) but never past
		 * {@link #BATCH_BYTES}.
		 * @return false when {@code needed} is more than a batch holds
		 */
		private boolean fits(int needed) {
			byte[] current = this.buffer;
			int capacity = (current != null) ? current.length : 0;
			if (needed <= capacity) {
				return true;
			}
			if (needed > BATCH_BYTES) {
				return false;
			}
			long queued = Outbox.this.pendingBytes.get();
			int size = (int) Math.min(BATCH_BYTES, Math.max(Math.max(needed, 256), Math.max(queued, 2L * capacity)));
			this.buffer = (current != null) ? Arrays.copyOf(current, size) : new byte[size];
			return true;
		}

		void flush() throws IOException {
			if (this.buffer != null && this.length > 0) {
				write(this.buffer, this.length);
				recordLatency(this.oldestOrigin, System.nanoTime());
			}
			this.length = 0;
			this.frames = 0;
			this.oldestOrigin = 0;
		}

		// Sampled: recording into the percentile histogram was the top method in the
		// profile
		// when done for every write (docs/PERFORMANCE.md).
		private void recordLatency(long origin, long now) {
			if (origin != 0 && (Outbox.this.writes++ & (LATENCY_SAMPLE - 1)) == 0) {
				Outbox.this.metrics.delivered(origin, now);
			}
		}

	}

}
