package dev.switchboard.irc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.switchboard.session.CloseReason;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps IRC connections honest (RFC 2812 §3.7.2): a client silent for
 * {@code ping-interval} gets a {@code PING}; one still silent {@code ping-timeout} later
 * gets {@code ERROR} and is closed with reason {@code ping_timeout}. One platform thread
 * looks at every IRC client once per tick.
 */
class Pinger implements SmartLifecycle {

	private final IrcClients clients;

	private final long intervalNanos;

	private final long timeoutNanos;

	private final long tickMillis;

	private volatile @Nullable ScheduledExecutorService timer;

	private volatile boolean running;

	Pinger(IrcClients clients, IrcProperties properties) {
		this.clients = clients;
		this.intervalNanos = properties.pingInterval().toNanos();
		this.timeoutNanos = properties.pingTimeout().toNanos();
		this.tickMillis = Math.max(100, Math.min(5000,
				Math.min(properties.pingInterval().toMillis(), properties.pingTimeout().toMillis()) / 4));
	}

	void tick() {
		long now = System.nanoTime();
		for (IrcClient client : this.clients.all()) {
			long sent = client.pingSent();
			if (sent == 0 && now - client.lastHeard() >= this.intervalNanos) {
				client.pingSent(now);
				client.send("PING :" + this.clients.server());
			}
			else if (sent != 0 && now - sent >= this.timeoutNanos) {
				client.session().quitMessage(null);
				client.send("ERROR :Closing Link: Ping timeout");
				client.session().close(CloseReason.PING_TIMEOUT);
			}
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService timer = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("irc-pinger").daemon().factory());
		timer.scheduleWithFixedDelay(this::tick, this.tickMillis, this.tickMillis, TimeUnit.MILLISECONDS);
		this.timer = timer;
		this.running = true;
	}

	@Override
	public void stop() {
		ScheduledExecutorService timer = this.timer;
		if (timer != null) {
			timer.shutdownNow();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
