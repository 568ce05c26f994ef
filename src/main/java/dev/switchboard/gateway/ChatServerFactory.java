package dev.switchboard.gateway;

import java.util.concurrent.atomic.AtomicLong;

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
 * per {@link #FULL_HARVEST_NANOS} as a safety net.
 */
final class ChatServerFactory extends TcpNetServerConnectionFactory {

	static final long FULL_HARVEST_NANOS = 10_000_000_000L;

	private final AtomicLong lastFullHarvest = new AtomicLong(System.nanoTime());

	ChatServerFactory(int port) {
		super(port);
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
