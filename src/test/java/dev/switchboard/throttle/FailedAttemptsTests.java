package dev.switchboard.throttle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 "brute force is slowed": the per-address window, on a clock the test moves.
 */
class FailedAttemptsTests {

	private final AtomicLong now = new AtomicLong();

	private final FailedAttempts throttle = new FailedAttempts(3, Duration.ofSeconds(60), 2, this.now::get);

	@Test
	void anAddressIsBlockedAfterMaxFailuresUntilTheWindowFromItsFirstFailurePasses() {
		assertThat(this.throttle.fail("10.0.0.1")).isEqualTo(1);
		advance(10);
		assertThat(this.throttle.fail("10.0.0.1")).isEqualTo(2);
		assertThat(this.throttle.blockedFor("10.0.0.1")).isZero();
		assertThat(this.throttle.fail("10.0.0.1")).isEqualTo(3);
		assertThat(this.throttle.blockedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(50));
		advance(49);
		assertThat(this.throttle.blockedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
		advance(1);
		assertThat(this.throttle.blockedFor("10.0.0.1")).isZero();
		assertThat(this.throttle.tracked()).isZero();
	}

	@Test
	void anotherAddressIsUnaffected() {
		for (int i = 0; i < 3; i++) {
			this.throttle.fail("10.0.0.1");
		}
		assertThat(this.throttle.blockedFor("10.0.0.1")).isPositive();
		assertThat(this.throttle.blockedFor("10.0.0.2")).isZero();
	}

	@Test
	void failuresSpreadWiderThanTheWindowNeverBlock() {
		for (int i = 0; i < 10; i++) {
			this.throttle.fail("10.0.0.1");
			advance(31);
			this.throttle.fail("10.0.0.1");
			advance(30);
			assertThat(this.throttle.blockedFor("10.0.0.1")).isZero();
		}
	}

	@Test
	void atMostMaxAddressesAreRememberedAndExpiredOnesMakeRoom() {
		this.throttle.fail("10.0.0.1");
		this.throttle.fail("10.0.0.2");
		assertThat(this.throttle.fail("10.0.0.3")).as("not tracked while full").isZero();
		assertThat(this.throttle.tracked()).isEqualTo(2);
		assertThat(this.throttle.fail("10.0.0.1")).as("a tracked address still counts").isEqualTo(2);
		advance(60);
		assertThat(this.throttle.fail("10.0.0.3")).isEqualTo(1);
		assertThat(this.throttle.tracked()).isEqualTo(1);
	}

	private void advance(int seconds) {
		this.now.addAndGet(Duration.ofSeconds(seconds).toNanos());
	}

}
