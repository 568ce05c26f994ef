package dev.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * Creates a {@link ChatConnection} per accepted socket, admitting it if under the limit.
 */
final class ChatConnectionSupport implements TcpNetConnectionSupport {

	private final GatewayProperties properties;

	private final Executor writers;

	private final ConnectionLimit limit;

	private final GatewayMetrics metrics;

	private final OutboundProperties limits;

	private final LiveConnections live;

	ChatConnectionSupport(GatewayProperties properties, OutboundProperties limits, Executor writers,
			ConnectionLimit limit, GatewayMetrics metrics, LiveConnections live) {
		this.properties = properties;
		this.limits = limits;
		this.live = live;
		this.writers = writers;
		this.limit = limit;
		this.metrics = metrics;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher events, @Nullable String factoryName) {
		ConnectionLimit admittedBy = this.limit.tryAcquire() ? this.limit : null;
		try {
			return new ChatConnection(socket, events, factoryName, this.properties, this.limits, this.writers,
					this.metrics, this.live, admittedBy);
		}
		catch (IOException ex) {
			if (admittedBy != null) {
				admittedBy.release();
			}
			throw new UncheckedIOException(ex);
		}
	}

}
