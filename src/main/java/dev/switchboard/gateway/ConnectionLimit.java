package dev.switchboard.gateway;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts admitted connections against {@code switchboard.tcp.max-connections} and, per
 * client address, {@code switchboard.tcp.max-connections-per-address} (0: no per-address
 * limit).
 */
final class ConnectionLimit {

	/** The outcome of admission. */
	enum Admission {

		ADMITTED, SERVER_FULL, ADDRESS_FULL

	}

	private final int max;

	private final int maxPerAddress;

	private final AtomicInteger open = new AtomicInteger();

	private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

	private volatile boolean intakeClosed;

	ConnectionLimit(int max, int maxPerAddress) {
		this.max = max;
		this.maxPerAddress = maxPerAddress;
	}

	Admission tryAcquire(InetAddress address) {
		if (!acquireGlobal()) {
			return Admission.SERVER_FULL;
		}
		if (!acquireAddress(address)) {
			this.open.decrementAndGet();
			return Admission.ADDRESS_FULL;
		}
		return Admission.ADMITTED;
	}

	/**
	 * Takes a slot of {@code max-connections} only: for a connection from a trusted
	 * proxy, whose client's address is known once its PROXY header is read
	 * ({@link #tryAcquireAddress}).
	 */
	Admission tryAcquireGlobal() {
		return acquireGlobal() ? Admission.ADMITTED : Admission.SERVER_FULL;
	}

	/**
	 * Counts one more connection from the address, for a connection that holds a slot
	 * from {@link #tryAcquireGlobal}; refused, the slot is given back.
	 */
	Admission tryAcquireAddress(InetAddress address) {
		if (acquireAddress(address)) {
			return Admission.ADMITTED;
		}
		this.open.decrementAndGet();
		return Admission.ADDRESS_FULL;
	}

	/** Gives back a slot taken by {@link #tryAcquireGlobal} alone. */
	void releaseGlobal() {
		this.open.decrementAndGet();
	}

	private boolean acquireAddress(InetAddress address) {
		if (this.maxPerAddress <= 0) {
			return true;
		}
		boolean[] admitted = { false };
		this.perAddress.compute(address, (key, count) -> {
			int current = (count != null) ? count : 0;
			admitted[0] = current < this.maxPerAddress;
			return admitted[0] ? current + 1 : (count != null ? count : null);
		});
		return admitted[0];
	}

	private boolean acquireGlobal() {
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

	void release(InetAddress address) {
		this.open.decrementAndGet();
		if (this.maxPerAddress > 0) {
			this.perAddress.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/**
	 * Admits nobody new from now on (a drain): connections already accepted but not yet
	 * greeted are told the drain line and closed instead.
	 */
	void closeIntake() {
		this.intakeClosed = true;
	}

	/** Admits connections again (a restart after a drain). */
	void openIntake() {
		this.intakeClosed = false;
	}

	boolean isIntakeClosed() {
		return this.intakeClosed;
	}

	int open() {
		return this.open.get();
	}

	int max() {
		return this.max;
	}

	int maxPerAddress() {
		return this.maxPerAddress;
	}

	/**
	 * How many addresses hold at least one connection (for tests: the map must not leak).
	 */
	int addresses() {
		return this.perAddress.size();
	}

}
