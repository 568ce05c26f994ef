package dev.switchboard.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows brute force on the management port: an address with {@code maxFailures} failed
 * logins within a window (from its first failure) is blocked until that window passes,
 * whatever it sends. At most {@code maxAddresses} addresses are remembered at once, so an
 * attacker with many addresses cannot grow the map without bound: when it is full,
 * expired windows are forgotten, and if it is still full a new address is not tracked
 * (its failures are still counted and logged by {@link FailedLogins}).
 */
final class LoginThrottle {

	private final int maxFailures;

	private final long windowNanos;

	private final int maxAddresses;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	LoginThrottle(int maxFailures, Duration window, int maxAddresses, LongSupplier nanoTime) {
		this.maxFailures = maxFailures;
		this.windowNanos = window.toNanos();
		this.maxAddresses = maxAddresses;
		this.nanoTime = nanoTime;
	}

	/**
	 * @return the failures from this address in its current window, this one included; 0
	 * if the address could not be tracked because {@code maxAddresses} are
	 */
	int fail(String address) {
		long now = this.nanoTime.getAsLong();
		if (!this.windows.containsKey(address) && this.windows.size() >= this.maxAddresses) {
			this.windows.values().removeIf((window) -> window.expired(now, this.windowNanos));
			if (this.windows.size() >= this.maxAddresses) {
				return 0;
			}
		}
		return this.windows.compute(address, (key, old) -> (old == null || old.expired(now, this.windowNanos))
				? new Window(now, 1) : new Window(old.start(), old.failures() + 1))
			.failures();
	}

	/**
	 * @return how long attempts from this address are still refused; zero if they are not
	 */
	Duration blockedFor(String address) {
		Window window = this.windows.get(address);
		if (window == null) {
			return Duration.ZERO;
		}
		long left = window.start() + this.windowNanos - this.nanoTime.getAsLong();
		if (left <= 0) {
			this.windows.remove(address, window);
			return Duration.ZERO;
		}
		return (window.failures() >= this.maxFailures) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	int maxFailures() {
		return this.maxFailures;
	}

	int tracked() {
		return this.windows.size();
	}

	private record Window(long start, int failures) {

		boolean expired(long now, long windowNanos) {
			return now - this.start >= windowNanos;
		}

	}

}
