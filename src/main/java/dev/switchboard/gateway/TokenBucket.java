package dev.switchboard.gateway;

/**
 * A token bucket over lines, driven by the caller's clock (nanoseconds), used by one
 * reader thread. Taking a token may leave the balance negative: the caller then waits the
 * returned time, which is exactly when that token is earned.
 */
final class TokenBucket {

	private final double tokensPerNano;

	private final double capacity;

	private double tokens;

	private long lastNanos;

	private boolean throttled;

	private long throttledSince;

	TokenBucket(int perSecond, int capacity, long nowNanos) {
		this.tokensPerNano = perSecond / 1e9;
		this.capacity = capacity;
		this.tokens = capacity;
		this.lastNanos = nowNanos;
	}

	/**
	 * @return nanoseconds to wait before the line may be handled; 0 to handle it now
	 */
	long take(long nowNanos) {
		this.tokens = Math.min(this.capacity, this.tokens + (nowNanos - this.lastNanos) * this.tokensPerNano);
		this.lastNanos = nowNanos;
		this.tokens -= 1;
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
