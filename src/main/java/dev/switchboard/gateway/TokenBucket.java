package dev.switchboard.gateway;

/**
 * A token bucket (over lines, or bytes), driven by the caller's clock (nanoseconds), not
 * thread-safe: used by one reader thread, or under its owner's lock. Taking may leave the
 * balance negative: the caller then waits the returned time, which is exactly when the
 * tokens taken are earned.
 */
final class TokenBucket {

	private final double tokensPerNano;

	private final double capacity;

	private double tokens;

	private long lastNanos;

	private boolean throttled;

	private long throttledSince;

	TokenBucket(double perSecond, double capacity, long nowNanos) {
		this.tokensPerNano = perSecond / 1e9;
		this.capacity = capacity;
		this.tokens = capacity;
		this.lastNanos = nowNanos;
	}

	/**
	 * @return nanoseconds to wait before the line may be handled; 0 to handle it now
	 */
	long take(long nowNanos) {
		return take(nowNanos, 1);
	}

	/**
	 * @return nanoseconds to wait before {@code amount} tokens are earned; 0 if they are
	 * there now
	 */
	long take(long nowNanos, double amount) {
		this.tokens = Math.min(this.capacity, this.tokens + (nowNanos - this.lastNanos) * this.tokensPerNano);
		this.lastNanos = nowNanos;
		this.tokens -= amount;
		if (this.tokens >= 0) {
			this.throttled = false;
			return 0;
		}
		if (!this.throttled) {
			this.throttled = true;
			this.throttledSince = nowNanos;
		}
		return (long) Math.ceil(-this.tokens / this.tokensPerNano);
	}

	/**
	 * @return how long the sender has been over the rate without a break, in nanoseconds
	 */
	long throttledFor(long nowNanos) {
		return this.throttled ? nowNanos - this.throttledSince : 0;
	}

}
