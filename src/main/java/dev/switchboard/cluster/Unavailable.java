package dev.switchboard.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/** Redis did not answer in time, refused the command, or is not connected. */
final class Unavailable extends RuntimeException {

	Unavailable(String message, @Nullable Throwable cause) {
		super(message, cause, false, false);
	}

	/**
	 * Waits for a Redis reply at most {@code timeout}; never longer, whatever Redis does.
	 * @throws Unavailable if there is no reply in time, or an error
	 */
	static <T> T await(@Nullable CompletionStage<T> reply, Duration timeout) {
		if (reply == null) {
			throw new Unavailable("not connected to Redis", null);
		}
		try {
			return reply.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new Unavailable(String.valueOf(ex.getCause().getMessage()), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new Unavailable("no reply from Redis within " + timeout.toMillis() + " ms", ex);
		}
	}

}
