package dev.switchboard.account;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The failed-attempt limits per account and per address, on a clock the test moves. */
class LoginLimitTests {

	private final AtomicLong clock = new AtomicLong();

	private final LoginLimit limit = new LoginLimit(
			new AccountProperties(true, "./data", false, 8, 5, 20, Duration.ofMinutes(1), Duration.ofSeconds(5)),
			this.clock::get);

	@Test
	void fiveFailuresForOneAccountBlockItFromEveryAddressUntilTheWindowPasses() {
		for (int i = 0; i < 5; i++) {
			this.limit.check("192.0.2." + i + ":4000", "Bob");
			this.limit.failed("192.0.2." + i + ":4000", "Bob");
		}
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.limit.check("198.51.100.1:1", "bob"))
			.withMessage("Too many failed password attempts for bob; try again in 60 s.")
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.code())
				.isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS));
		this.clock.addAndGet(Duration.ofSeconds(59).toNanos());
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.limit.check("198.51.100.1:1", "bob"))
			.withMessageContaining("try again in 1 s");
		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThatNoException().isThrownBy(() -> this.limit.check("198.51.100.1:1", "bob"));
	}

	@Test
	void twentyFailuresFromOneAddressBlockItForEveryAccountWhateverThePort() {
		for (int i = 0; i < 20; i++) {
			this.limit.failed("192.0.2.9:" + (1000 + i), "name" + i);
		}
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.limit.check("192.0.2.9:9", "other"))
			.withMessage("Too many failed password attempts from your address; try again in 60 s.");
		assertThatNoException().isThrownBy(() -> this.limit.check("192.0.2.10:9", "other"));
	}

}
