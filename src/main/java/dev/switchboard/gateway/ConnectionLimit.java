package dev.switchboard.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts admitted connections against {@code switchboard.tcp.max-connections}. */
final class ConnectionLimit {

	private final int max;

	private final AtomicInteger open = new AtomicInteger();

	ConnectionLimit(int max) {
		this.max = max;
	}

	boolean tryAcquire() {
		while (true) {
			int current = this.open.get();
			if (current >= this.max) {
				return false;
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void release() {
		this.open.decrementAndGet();
	}

	int open() {
		return this.open.get();
	}

	int max() {
		return this.max;
	}

}
