package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The input rate limit's arithmetic, on a fake clock. */
class TokenBucketTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void aBurstPassesThenLinesWaitForTheirTokens() {
		TokenBucket bucket = new TokenBucket(10, 3, 0);
		assertThat(bucket.take(0)).isZero();
		assertThat(bucket.take(0)).isZero();
		assertThat(bucket.take(0)).isZero();
		assertThat(bucket.take(0)).isEqualTo(SECOND / 10);
		assertThat(bucket.take(0)).isEqualTo(2 * SECOND / 10);
	}

	@Test
	void tokensComeBackAtTheRateUpToTheBurst() {
		TokenBucket bucket = new TokenBucket(10, 3, 0);
		for (int i = 0; i < 3; i++) {
			bucket.take(0);
		}
		assertThat(bucket.take(SECOND / 10)).isZero();
		assertThat(bucket.take(100 * SECOND)).isZero();
		assertThat(bucket.take(100 * SECOND)).isZero();
		assertThat(bucket.take(100 * SECOND)).isZero();
		assertThat(bucket.take(100 * SECOND)).isPositive();
	}

	@Test
	void throttlingCountsFromTheFirstWaitAndEndsWithTheFirstLineThatNeedsNone() {
		TokenBucket bucket = new TokenBucket(10, 1, 0);
		bucket.take(0);
		bucket.take(0);
		assertThat(bucket.throttledFor(5 * SECOND)).isEqualTo(5 * SECOND);
		// A line taken just as its token is earned keeps the sender throttled without a
		// break.
		assertThat(bucket.take(SECOND / 10)).isPositive();
		assertThat(bucket.throttledFor(2 * SECOND)).isEqualTo(2 * SECOND);
		assertThat(bucket.take(10 * SECOND)).isZero();
		assertThat(bucket.throttledFor(10 * SECOND)).isZero();
	}

}
