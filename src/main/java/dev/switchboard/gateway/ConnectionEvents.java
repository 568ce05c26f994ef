package dev.switchboard.gateway;

import dev.switchboard.routing.Presence;
import dev.switchboard.session.CloseReason;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

/**
 * Spring Integration's connection events, turned into presence: open (the listener's
 * {@link Arrival} (published on the new connection's reader thread before its first read,
 * so the greeting is the first line the client gets) and close (once per connection, on
 * whichever thread closed it).
 */
@Component
class ConnectionEvents {

	private final Presence presence;

	ConnectionEvents(Presence presence) {
		this.presence = presence;
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		if (event.getSource() instanceof ChatConnection connection) {
			connection.arrival()
				.open(connection.getConnectionId(), connection.getHostAddress() + ":" + connection.getPort(),
						connection.outbox());
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		if (event.getSource() instanceof ChatConnection connection) {
			CloseReason reason = connection.closeReason();
			this.presence.closed(connection.getConnectionId(), (reason != null) ? reason : CloseReason.EOF);
		}
	}

}
