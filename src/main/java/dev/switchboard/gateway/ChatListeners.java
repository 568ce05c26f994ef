package dev.switchboard.gateway;

import java.util.concurrent.ThreadFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Builds listeners: every chat port is a {@link ChatServerFactory} with the same socket
 * settings, limits, writers and connection bookkeeping, and only its name, port and
 * {@link Transport} differ, and what is done with each admitted connection (its
 * {@link Arrival}: the chat listeners greet a guest, the IRC listener waits for
 * registration). The plain listener, the TLS one and the IRC ones are each one call;
 * feature packages (IRC) use {@link #create(String, int, Arrival)} and, when the TLS port
 * is configured, {@link #createEncrypted(String, int, Arrival)}.
 */
public final class ChatListeners {

	private final ChatConnectionSupport.Settings settings;

	private final ThreadFactory writers;

	private final ConnectionLimit limit;

	private final GatewayMetrics metrics;

	private final LiveConnections live;

	private final AddressBudgets budgets;

	private final Arrival greet;

	private final ObjectProvider<TlsTransport> tls;

	ChatListeners(ChatConnectionSupport.Settings settings, ThreadFactory writers, ConnectionLimit limit,
			GatewayMetrics metrics, LiveConnections live, AddressBudgets budgets, Arrival greet,
			ObjectProvider<TlsTransport> tls) {
		this.greet = greet;
		this.tls = tls;
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
		return create(name, port, transport, this.greet);
	}

	/**
	 * A plain listener whose connections go to {@code arrival} once admitted.
	 * @param name the listener's name, the {@code listener} tag of its meters
	 * @param port its port; 0 picks a free one
	 */
	public ChatServerFactory create(String name, int port, Arrival arrival) {
		return create(name, port, Transport.PLAIN, arrival);
	}

	/**
	 * A TLS listener with the TLS chat port's certificate (the same SSL bundle, reloaded
	 * with it), whose connections go to {@code arrival} once admitted.
	 * @param name the listener's name, the {@code listener} tag of its meters
	 * @param port its port; 0 picks a free one
	 * @throws IllegalStateException if {@code switchboard.tls.bundle} is not set
	 */
	public ChatServerFactory createEncrypted(String name, int port, Arrival arrival) {
		TlsTransport transport = this.tls.getIfAvailable();
		if (transport == null) {
			throw new IllegalStateException("Listener '" + name + "' needs TLS, and switchboard.tls.bundle is not set");
		}
		return create(name, port, transport, arrival);
	}

	ChatServerFactory create(String name, int port, Transport transport, Arrival arrival) {
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
				transport, this.live, this.budgets, arrival));
		this.live.whenRemoved(server::forget);
		return server;
	}

}
