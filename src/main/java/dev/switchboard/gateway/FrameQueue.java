package dev.switchboard.gateway;

import java.util.Arrays;

import dev.switchboard.protocol.OutboundFrame;
import org.jspecify.annotations.Nullable;

/**
 * One connection's queue of frames waiting for its writer: many producers, one consumer.
 * Producers append to an array under a short lock; the writer takes the whole array in
 * one swap and writes it without the lock, handing back the array it finished with. So a
 * delivery costs one array store, not a linked node per recipient (a
 * {@code ConcurrentLinkedQueue} node per recipient was most of the live young heap under
 * fan-out: docs/PERFORMANCE.md), and the two arrays are reused until the writer retires,
 * when {@link #release} drops them so an idle connection holds none.
 */
final class FrameQueue {

	private static final OutboundFrame[] NONE = {};

	private static final int FIRST_CAPACITY = 16;

	// Guarded by this.
	private OutboundFrame[] frames = NONE;

	// Written under the lock; read without it by isEmpty.
	private volatile int count;

	// Writer-owned: the array the writer last took, cleared, given back on the next take.
	private OutboundFrame[] spare = NONE;

	private int taken;

	synchronized void add(OutboundFrame frame) {
		int n = this.count;
		if (n == this.frames.length) {
			this.frames = Arrays.copyOf(this.frames, Math.max(FIRST_CAPACITY, n * 2));
		}
		this.frames[n] = frame;
		this.count = n + 1;
	}

	/**
	 * Appends the frames in one step, so no other producer's frame lands between them. A
	 * null frame is skipped.
	 */
	synchronized void addLast(@Nullable OutboundFrame last, OutboundFrame marker) {
		if (last != null) {
			add(last);
		}
		add(marker);
	}

	boolean isEmpty() {
		return this.count == 0;
	}

	/**
	 * Takes everything queued. Writer only. The returned array is the writer's until its
	 * next {@code take}; {@link #taken()} says how many of its slots are frames.
	 */
	OutboundFrame[] take() {
		OutboundFrame[] mine = this.spare;
		Arrays.fill(mine, 0, this.taken, null);
		OutboundFrame[] full;
		synchronized (this) {
			full = this.frames;
			this.taken = this.count;
			this.frames = mine;
			this.count = 0;
		}
		this.spare = full;
		return full;
	}

	/**
	 * @return how many frames the last {@link #take()} returned
	 */
	int taken() {
		return this.taken;
	}

	/**
	 * Drops everything queued.
	 * @return how many frames were dropped
	 */
	synchronized int clear() {
		int n = this.count;
		Arrays.fill(this.frames, 0, n, null);
		this.count = 0;
		return n;
	}

	/** Writer only, when it retires: lets go of both arrays if nothing is queued. */
	void release() {
		Arrays.fill(this.spare, 0, this.taken, null);
		this.spare = NONE;
		this.taken = 0;
		synchronized (this) {
			if (this.count == 0) {
				this.frames = NONE;
			}
		}
	}

}
