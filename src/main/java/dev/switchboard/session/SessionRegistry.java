package dev.switchboard.session;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** Every open session on this node, by connection id. */
@Component
public class SessionRegistry {

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	public void add(Session session) {
		this.sessions.put(session.connectionId(), session);
	}

	public @Nullable Session find(String connectionId) {
		return this.sessions.get(connectionId);
	}

	public @Nullable Session remove(String connectionId) {
		return this.sessions.remove(connectionId);
	}

	public int size() {
		return this.sessions.size();
	}

	public Collection<Session> all() {
		return Collections.unmodifiableCollection(this.sessions.values());
	}

}
