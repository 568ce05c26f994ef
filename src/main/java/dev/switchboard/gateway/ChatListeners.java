package dev.switchboard.gateway;

import java.util.concurrent.ThreadFactory;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Builds listeners: every chat port is a {@link ChatServerFactory} with the same socket
 * settings, limits, writers and connection bookkeeping, and only its name, port and
 * {@link Transport} differ. The plain listener, the TLS one (and an IRC one later) are
 * each one call.
 */
final class ChatListeners {

	private final ChatConnectionSupport.Settings settings;

	private final ThreadFactory writers;

	private final ConnectionLimit limit;

	private final GatewayMetrics metrics;

	private final LiveConnections live;

	private final AddressBudgets budgets;

	ChatListeners(ChatConnectionSupport.Settings settings, ThreadFactory writers, ConnectionLimit limit,
			GatewayMetrics metrics, LiveConnections live, AddressBudgets budgets) {
		this.settings = settings;
		this.writers = writers;
		this.limit = limit;
		this.metrics = metrics;
		this.live = live;
		this.budgets = budgets;
	}

	/**
	 * @param name the listener's name, the {@code listener} tag of its meters
	 * @param port its port; 0 picks a free one
	 */
	ChatServerFactory create(String name, int port, Transport transport) {
		GatewayProperties properties = this.settings.tcp();
		ListenerMetrics meters = this.metrics.listener(name, transport.encrypted());
		SimpleAsyncTaskExecutor readers = new SimpleAsyncTaskExecutor(name + "-in-");
		readers.setVirtualThreads(true);
		// Not Tcp.netServer(): its spec builds the stock factory, and ours must be a
		// subclass (ChatServerFactory says why). The settings are the same ones.
		ChatServerFactory server = new ChatServerFactory(port, meters);
		server.setLocalAddress(properties.bindAddress());
		server.setBacklog(properties.backlog());
		server.setSoTcpNoDelay(true);
		server.setSoKeepAlive(true);
		server.setLookupHost(false);
		server.setTaskExecutor(readers);
		server.setTcpNetConnectionSupport(new ChatConnectionSupport(this.settings, this.writers, this.limit, meters,
				transport, this.live, this.budgets));
		this.live.whenRemoved(server::forget);
		return server;
	}

}
