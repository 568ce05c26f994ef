package dev.switchboard.gateway;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code tcpListener} health: UP while the chat port accepts connections, OUT_OF_SERVICE
 * while draining, DOWN if the listener is not listening or every accept has failed for 10
 * s (for example, out of file descriptors). Part of the readiness group.
 */
@Component
class TcpListenerHealthIndicator implements HealthIndicator {

	/** Accepts failing without a break for this long take the listener DOWN. */
	static final long ACCEPT_FAILING_DOWN_NANOS = 10_000_000_000L;

	private final ChatServerFactory chatServer;

	private final ConnectionLimit connections;

	private final Drain drain;

	TcpListenerHealthIndicator(ChatServerFactory chatServer, ConnectionLimit connections, Drain drain) {
		this.chatServer = chatServer;
		this.connections = connections;
		this.drain = drain;
	}

	@Override
	public Health health() {
		long failing = this.chatServer.acceptFailingFor();
		Health.Builder health = this.drain.isDraining() ? Health.outOfService()
				: (this.chatServer.isListening() && failing < ACCEPT_FAILING_DOWN_NANOS) ? Health.up() : Health.down();
		if (failing > 0) {
			health.withDetail("acceptFailingForSeconds", failing / 1_000_000_000L);
		}
		return health.withDetail("port", this.chatServer.getPort())
			.withDetail("connections", this.connections.open())
			.withDetail("maxConnections", this.connections.max())
			.withDetail("draining", this.drain.isDraining())
			.build();
	}

}
