package dev.switchboard.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The stock NET server factory, minus a cost that grows with the number of connections:
 * after every accept it walks every open connection to drop the closed ones, and lists
 * every open connection's id while doing so. That is O(connections) per accept and O(n²)
 * for a connect storm: 10,000 clients connecting made 672 MB of garbage there, and the
 * heap growth it caused was most of the memory an idle connection seemed to cost
 * (docs/PERFORMANCE.md). Here a connection is forgotten when it closes
 * ({@link LiveConnections} calls {@link #forget}), and the stock walk runs at most once
 * per {@link #FULL_HARVEST_NANOS} as a safety net. Its server socket retries failed
 * accepts instead of letting the stock accept loop stop the listener
 * ({@link PatientServerSocket}).
 * <p>
 * One of these is one listener (plain, TLS): it carries the listener's name and meters;
 * health, {@code switchboard.listener.up} and the drain cover every one of them.
 */
public final class ChatServerFactory extends TcpNetServerConnectionFactory {

	static final long FULL_HARVEST_NANOS = 10_000_000_000L;

	private final AtomicLong lastFullHarvest = new AtomicLong(System.nanoTime());

	private final ListenerMetrics metrics;

	/**
	 * @param metrics the listener's meters; its name is the listener's
	 */
	ChatServerFactory(int port, ListenerMetrics metrics) {
		super(port);
		this.metrics = metrics;
	}

	/** The listener's name: the {@code listener} tag of its meters, its key in health. */
	String listener() {
		return this.metrics.name();
	}

	ListenerMetrics metrics() {
		return this.metrics;
	}

	private volatile @Nullable PatientServerSocket patient;

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic)
			throws IOException {
		PatientServerSocket socket = new PatientServerSocket(this.metrics::acceptFailed);
		socket.bind(new InetSocketAddress(whichNic, port), Math.abs(backlog));
		this.patient = socket;
		return socket;
	}

	/**
	 * @return how long every accept has failed, in nanoseconds; 0 while accepts succeed
	 */
	long acceptFailingFor() {
		PatientServerSocket socket = this.patient;
		return (socket != null) ? socket.failingFor() : 0;
	}

	/**
	 * A socket option that cannot be set on one accepted socket (its peer already gone)
	 * must fail that socket alone: the stock accept loop would take the checked exception
	 * for a broken listener and stop.
	 */
	@Override
	protected void setSocketAttributes(Socket socket) {
		try {
			super.setSocketAttributes(socket);
		}
		catch (SocketException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	protected void harvestClosedConnections() {
		long now = System.nanoTime();
		long last = this.lastFullHarvest.get();
		if (now - last >= FULL_HARVEST_NANOS && this.lastFullHarvest.compareAndSet(last, now)) {
			super.harvestClosedConnections();
		}
	}

	/** Drops a closed connection from the factory's map, in O(1). */
	void forget(TcpConnectionSupport connection) {
		this.connections.remove(connection.getConnectionId(), connection);
	}

	/**
	 * @return how many connections the factory still holds, closed or not (for tests)
	 */
	int tracked() {
		return this.connections.size();
	}

}
