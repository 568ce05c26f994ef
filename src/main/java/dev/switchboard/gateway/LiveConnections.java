package dev.switchboard.gateway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every open {@link ChatConnection}, for the watchdog: added on creation, removed on
 * close, when the {@link #whenRemoved listener} hears of it too.
 */
final class LiveConnections {

	private final Set<ChatConnection> connections = ConcurrentHashMap.newKeySet();

	private final List<Consumer<ChatConnection>> removed = new CopyOnWriteArrayList<>();

	/**
	 * Who else must forget a connection once it is closed (each listener's server
	 * factory, which ignores a connection it does not hold).
	 */
	void whenRemoved(Consumer<ChatConnection> listener) {
		this.removed.add(listener);
	}

	void add(ChatConnection connection) {
		this.connections.add(connection);
	}

	void remove(ChatConnection connection) {
		this.connections.remove(connection);
		for (Consumer<ChatConnection> listener : this.removed) {
			listener.accept(connection);
		}
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
