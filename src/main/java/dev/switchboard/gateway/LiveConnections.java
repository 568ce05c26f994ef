package dev.switchboard.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every open {@link ChatConnection}, for the watchdog: added on creation, removed on
 * close, when the {@link #whenRemoved listener} hears of it too.
 */
final class LiveConnections {

	private final Set<ChatConnection> connections = ConcurrentHashMap.newKeySet();

	private volatile Consumer<ChatConnection> removed = (connection) -> {
	};

	/** Who else must forget a connection once it is closed (the server factory). */
	void whenRemoved(Consumer<ChatConnection> listener) {
		this.removed = listener;
	}

	void add(ChatConnection connection) {
		this.connections.add(connection);
	}

	void remove(ChatConnection connection) {
		this.connections.remove(connection);
		this.removed.accept(connection);
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
