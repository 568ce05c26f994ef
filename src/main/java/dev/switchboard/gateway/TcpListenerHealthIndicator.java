package dev.switchboard.gateway;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * {@code tcpListener} health: UP while the chat port accepts connections, OUT_OF_SERVICE
 * while draining, DOWN if the listener is not listening. Part of the readiness group.
 */
@Component
class TcpListenerHealthIndicator implements HealthIndicator {

	private final TcpNetServerConnectionFactory chatServer;

	private final ConnectionLimit connections;

	private final Drain drain;

	TcpListenerHealthIndicator(TcpNetServerConnectionFactory chatServer, ConnectionLimit connections, Drain drain) {
		this.chatServer = chatServer;
		this.connections = connections;
		this.drain = drain;
	}

	@Override
	public Health health() {
		Health.Builder health = this.drain.isDraining() ? Health.outOfService()
				: this.chatServer.isListening() ? Health.up() : Health.down();
		return health.withDetail("port", this.chatServer.getPort())
			.withDetail("connections", this.connections.open())
			.withDetail("maxConnections", this.connections.max())
			.withDetail("draining", this.drain.isDraining())
			.build();
	}

}
