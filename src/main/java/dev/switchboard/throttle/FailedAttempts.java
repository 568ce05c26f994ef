package dev.switchboard.throttle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed password checks per key (an address, or an account name) in fixed windows: a key
 * with {@code maxFailures} failures within a window (from its first failure) is blocked
 * until that window passes, whatever it sends. At most {@code maxKeys} keys are
 * remembered at once, so an attacker with many addresses or names cannot grow the map
 * without bound: when it is full, expired windows are forgotten, and if it is still full
 * a new key is not tracked. The management port (admin {@code FailedLogins}, per address)
 * and chat accounts (account {@code LoginLimit}, per address and per account) both count
 * failures here.
 */
public final class FailedAttempts {

	private final int maxFailures;

	private final long windowNanos;

	private final int maxKeys;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	public FailedAttempts(int maxFailures, Duration window, int maxKeys, LongSupplier nanoTime) {
		this.maxFailures = maxFailures;
		this.windowNanos = window.toNanos();
		this.maxKeys = maxKeys;
		this.nanoTime = nanoTime;
	}

	/**
	 * @return the failures of this key in its current window, this one included; 0 if the
	 * key could not be tracked because {@code maxKeys} are
	 */
	public int fail(String key) {
		long now = this.nanoTime.getAsLong();
		if (!this.windows.containsKey(key) && this.windows.size() >= this.maxKeys) {
			this.windows.values().removeIf((window) -> window.expired(now, this.windowNanos));
			if (this.windows.size() >= this.maxKeys) {
				return 0;
			}
		}
		return this.windows.compute(key, (k, old) -> (old == null || old.expired(now, this.windowNanos))
				? new Window(now, 1) : new Window(old.start(), old.failures() + 1))
			.failures();
	}

	/**
	 * @return how long attempts for this key are still refused; zero if they are not
	 */
	public Duration blockedFor(String key) {
		Window window = this.windows.get(key);
		if (window == null) {
			return Duration.ZERO;
		}
		long left = window.start() + this.windowNanos - this.nanoTime.getAsLong();
		if (left <= 0) {
			this.windows.remove(key, window);
			return Duration.ZERO;
		}
		return (window.failures() >= this.maxFailures) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	public int maxFailures() {
		return this.maxFailures;
	}

	public int tracked() {
		return this.windows.size();
	}

	private record Window(long start, int failures) {

		boolean expired(long now, long windowNanos) {
			return now - this.start >= windowNanos;
		}

	}

}
