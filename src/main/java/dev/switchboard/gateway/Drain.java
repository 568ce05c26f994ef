package dev.switchboard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchboard.routing.Presence;
import dev.switchboard.session.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful drain, on SIGTERM (this lifecycle stops first) or on an operator's request:
 * readiness goes down, every listener (plain and TLS) stops accepting, every session is
 * told the server is going down and closed once its queued output is written, and we wait
 * up to the grace period for the connections to finish. Whatever is left is closed when
 * the connection factory stops.
 */
@Component
public class Drain implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Drain.class);

	private final List<ChatServerFactory> listeners;

	private final ConnectionLimit connections;

	private final Presence presence;

	private final ApplicationEventPublisher events;

	private final DrainProperties properties;

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile boolean running;

	Drain(List<ChatServerFactory> listeners, ConnectionLimit connections, Presence presence,
			ApplicationEventPublisher events, DrainProperties properties) {
		this.listeners = listeners;
		this.connections = connections;
		this.presence = presence;
		this.events = events;
		this.properties = properties;
	}

	public boolean isDraining() {
		return this.draining.get();
	}

	/**
	 * Starts the drain and waits for it, up to the grace period.
	 * @return how many connections were still open when the wait ended
	 */
	public int drain() {
		if (this.draining.compareAndSet(false, true)) {
			logger.info("Draining " + this.connections.open() + " connections, grace " + this.properties.grace());
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
			this.connections.closeIntake();
			this.listeners.forEach(ChatServerFactory::beforeShutdown);
		}
		return awaitClosed(this.properties.grace());
	}

	/**
	 * Closes every session with the drain line, again on every tick: a connection that
	 * was still in its sniff window when the drain began may have been greeted since.
	 */
	private int awaitClosed(Duration grace) {
		long deadline = System.nanoTime() + grace.toNanos();
		while (true) {
			Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			this.presence.closeAll(CloseReason.SHUTDOWN, this.properties.message(), left);
			if (this.connections.open() == 0 || System.nanoTime() >= deadline) {
				break;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		int left = this.connections.open();
		if (left > 0) {
			logger.warn(left + " connections did not finish within the drain grace period; closing them");
		}
		return left;
	}

	/**
	 * Starts, or starts again after a stop (a stopped and restarted context, as the test
	 * framework does with contexts it pauses): intake opens and readiness comes back.
	 */
	@Override
	public void start() {
		if (this.draining.getAndSet(false)) {
			this.connections.openIntake();
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		drain();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before everything else (the connection factory and web server included). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
