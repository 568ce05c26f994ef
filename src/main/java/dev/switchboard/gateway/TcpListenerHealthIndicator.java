package dev.switchboard.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code tcpListener} health, for every chat listener (plain, and TLS when configured):
 * UP while all of them accept connections, OUT_OF_SERVICE while draining, DOWN if one is
 * not listening or every accept on one has failed for 10 s (for example, out of file
 * descriptors). Part of the readiness group. The top-level details are the plain
 * listener's port and the counts all listeners share; {@code listeners} has each one's
 * port, state and connections.
 */
@Component
class TcpListenerHealthIndicator implements HealthIndicator {

	/** Accepts failing without a break for this long take the listener DOWN. */
	static final long ACCEPT_FAILING_DOWN_NANOS = 10_000_000_000L;

	private final List<ChatServerFactory> listeners;

	private final ConnectionLimit connections;

	private final Drain drain;

	TcpListenerHealthIndicator(List<ChatServerFactory> listeners, ConnectionLimit connections, Drain drain) {
		this.listeners = listeners;
		this.connections = connections;
		this.drain = drain;
	}

	@Override
	public Health health() {
		boolean up = true;
		long failing = 0;
		Map<String, Object> each = new LinkedHashMap<>();
		for (ChatServerFactory listener : this.listeners) {
			long listenerFailing = listener.acceptFailingFor();
			boolean listening = listener.isListening();
			up &= listening && listenerFailing < ACCEPT_FAILING_DOWN_NANOS;
			failing = Math.max(failing, listenerFailing);
			each.put(listener.listener(), details(listener, listening, listenerFailing));
		}
		Health.Builder health = this.drain.isDraining() ? Health.outOfService() : up ? Health.up() : Health.down();
		if (failing > 0) {
			health.withDetail("acceptFailingForSeconds", failing / 1_000_000_000L);
		}
		return health.withDetail("port", plainPort())
			.withDetail("connections", this.connections.open())
			.withDetail("maxConnections", this.connections.max())
			.withDetail("draining", this.drain.isDraining())
			.withDetail("listeners", each)
			.build();
	}

	private static Map<String, Object> details(ChatServerFactory listener, boolean listening, long failing) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("port", listener.getPort());
		details.put("listening", listening);
		details.put("connections", listener.metrics().active());
		if (failing > 0) {
			details.put("acceptFailingForSeconds", failing / 1_000_000_000L);
		}
		return details;
	}

	private int plainPort() {
		return this.listeners.stream()
			.filter((listener) -> listener.listener().equals("plain"))
			.findFirst()
			.map(ChatServerFactory::getPort)
			.orElse(-1);
	}

}
