package dev.switchboard.gateway;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The input budget in bytes that all connections from one client address share
 * ({@code switchboard.input.address-bytes-per-second} and {@code address-burst}). The
 * per-connection line rate alone let 12 connections from one address put 4.5 MB in one
 * burst into one recipient's queue, which no socket drains that fast, so a reader at full
 * speed was cut as a slow consumer. A line over the budget waits on its reader thread
 * like a line over the rate: the sockets of that address are not read, TCP slows its
 * senders, and nothing is lost. A budget lives while its address has connections.
 */
final class AddressBudgets {

	private final double bytesPerSecond;

	private final double burst;

	private final Map<InetAddress, Budget> budgets = new ConcurrentHashMap<>();

	AddressBudgets(long bytesPerSecond, long burst) {
		this.bytesPerSecond = bytesPerSecond;
		this.burst = burst;
	}

	/**
	 * @return the address's budget, shared with its other connections; {@code null} when
	 * the budget is off (0 bytes per second)
	 */
	@Nullable Budget acquire(InetAddress address) {
		if (this.bytesPerSecond <= 0) {
			return null;
		}
		return this.budgets.compute(address, (key, budget) -> {
			Budget shared = (budget != null) ? budget
					: new Budget(new TokenBucket(this.bytesPerSecond, this.burst, System.nanoTime()));
			shared.users++;
			return shared;
		});
	}

	void release(InetAddress address) {
		this.budgets.computeIfPresent(address, (key, budget) -> (--budget.users == 0) ? null : budget);
	}

	/**
	 * @return how many addresses hold a budget (for tests: the map must not leak)
	 */
	int addresses() {
		return this.budgets.size();
	}

	/** One address's bytes. */
	static final class Budget {

		private final TokenBucket bucket;

		// Changed only inside the map's compute functions for its address.
		private int users;

		private Budget(TokenBucket bucket) {
			this.bucket = bucket;
		}

		/**
		 * @return nanoseconds to wait before a line of {@code bytes} may be handled
		 */
		synchronized long take(long nowNanos, int bytes) {
			return this.bucket.take(nowNanos, bytes);
		}

	}

}
