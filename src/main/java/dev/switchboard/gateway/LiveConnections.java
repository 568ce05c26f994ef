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

	int size() {
		return this.connections.size();
	}

}
