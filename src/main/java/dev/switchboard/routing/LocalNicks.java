package dev.switchboard.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.protocol.NameRules;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** The embedded, single-node {@link Nicks}. */
@Component
class LocalNicks implements Nicks {

	private final Map<String, Session> owners = new ConcurrentHashMap<>();

	@Override
	public boolean claim(String nick, Session session) {
		Session owner = this.owners.putIfAbsent(NameRules.key(nick), session);
		return owner == null || owner == session;
	}

	@Override
	public void release(String nick, Session session) {
		this.owners.remove(NameRules.key(nick), session);
	}

	@Override
	public @Nullable Session find(String nick) {
		return this.owners.get(NameRules.key(nick));
	}

	@Override
	public int size() {
		return this.owners.size();
	}

}
