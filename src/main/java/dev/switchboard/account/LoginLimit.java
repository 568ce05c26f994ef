package dev.switchboard.account;

import java.time.Duration;
import java.util.function.LongSupplier;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.throttle.FailedAttempts;

/**
 * Slows password guessing: failed checks are counted per client address (host, without
 * the port) and per account, and either count reaching its limit refuses further attempts
 * with {@code too_many_attempts} until its window passes, even with the right password.
 * Counted on each server on its own (docs/SECURITY.md "Accounts").
 */
final class LoginLimit {

	private static final int MAX_TRACKED = 100_000;

	private final FailedAttempts byAddress;

	private final FailedAttempts byAccount;

	LoginLimit(AccountProperties properties, LongSupplier nanoTime) {
		this.byAddress = new FailedAttempts(properties.maxFailuresPerAddress(), properties.failureWindow(), MAX_TRACKED,
				nanoTime);
		this.byAccount = new FailedAttempts(properties.maxFailuresPerAccount(), properties.failureWindow(), MAX_TRACKED,
				nanoTime);
	}

	/**
	 * @throws ProtocolException {@code too_many_attempts} while the address or the
	 * account is blocked
	 */
	void check(String remoteAddress, String account) {
		Duration address = this.byAddress.blockedFor(host(remoteAddress));
		Duration name = this.byAccount.blockedFor(NameRules.key(account));
		Duration wait = (address.compareTo(name) >= 0) ? address : name;
		if (!wait.isZero()) {
			long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
			throw new ProtocolException(ErrorCode.TOO_MANY_ATTEMPTS,
					"Too many failed password attempts " + (address.isZero() ? "for " + account : "from your address")
							+ "; try again in " + seconds + " s.");
		}
	}

	void failed(String remoteAddress, String account) {
		this.byAddress.fail(host(remoteAddress));
		this.byAccount.fail(NameRules.key(account));
	}

	static String host(String remoteAddress) {
		int colon = remoteAddress.lastIndexOf(':');
		return (colon > 0) ? remoteAddress.substring(0, colon) : remoteAddress;
	}

}
