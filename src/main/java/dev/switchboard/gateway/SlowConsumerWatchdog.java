package dev.switchboard.gateway;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Once per {@code period}, asks every open connection's {@link Outbox} to check its
 * blocked write against {@code write-timeout} and its pending close against
 * {@code close-grace}, and a TLS connection's handshake against its deadline. A blocking
 * socket write has no timeout of its own; this is it. O(connections) per tick, on one
 * platform thread, with no locks.
 */
final class SlowConsumerWatchdog implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SlowConsumerWatchdog.class);

	private final LiveConnections connections;

	private final long periodMillis;

	private volatile ScheduledExecutorService timer;

	SlowConsumerWatchdog(LiveConnections connections, long periodMillis) {
		this.connections = connections;
		this.periodMillis = periodMillis;
	}

	void tick() {
		long now = System.nanoTime();
		for (ChatConnection connection : this.connections.all()) {
			try {
				connection.check(now);
			}
			catch (RuntimeException ex) {
				logger.warn("Watchdog check failed for " + connection.getConnectionId(), ex);
			}
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbound-watchdog").daemon().factory());
		executor.scheduleAtFixedRate(this::tick, this.periodMillis, this.periodMillis, TimeUnit.MILLISECONDS);
		this.timer = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.timer;
		if (executor != null) {
			executor.shutdownNow();
		}
		this.timer = null;
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

}
