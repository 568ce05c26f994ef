package dev.switchboard.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open {@link ChatConnection}, for the watchdog: added on creation, removed on
 * close.
 */
final class LiveConnections {

	private final Set<ChatConnection> connections = ConcurrentHashMap.newKeySet();

	void add(ChatConnection connection) {
		this.connections.add(connection);
	}

	void remove(ChatConnection connection) {
		this.connections.remove(connection);
	}

	Iterable<ChatConnection> all() {
		return this.connections;
	}

	/**
	 * Bytes queued on all open connections, summed now (for the gauge at scrape time).
	 */
	long queuedBytes() {
		long total = 0;
		for (ChatConnection connection : this.connections) {
			total += connection.outbox().queuedBytes();
		}
		return total;
	}

}
