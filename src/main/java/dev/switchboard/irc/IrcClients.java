package dev.switchboard.irc;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.protocol.OutputFormat;
import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Presence;
import dev.switchboard.session.Outbound;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;

/**
 * The IRC clients of this server by connection id: created when the IRC listener admits a
 * connection (a session with a guest nick, in no room, not greeted), forgotten when it
 * closes. The map is shared by every reader thread and the pinger; entries are only added
 * and removed.
 */
class IrcClients {

	private final Map<String, IrcClient> clients = new ConcurrentHashMap<>();

	private final Presence presence;

	private final Nicks nicks;

	private final String server;

	IrcClients(Presence presence, Nicks nicks, String server) {
		this.presence = presence;
		this.nicks = nicks;
		this.server = server;
	}

	/** The IRC listener's {@code Arrival}. */
	void arrive(String connectionId, String remoteAddress, Outbound outbound) {
		Session session = this.presence.arrive(connectionId, remoteAddress, outbound, OutputFormat.IRC);
		this.clients.put(connectionId, new IrcClient(session, outbound, this.server));
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		this.clients.remove(event.getConnectionId());
	}

	@Nullable IrcClient find(String connectionId) {
		return this.clients.get(connectionId);
	}

	/** The IRC client holding this nick on this server, if the holder is one. */
	@Nullable IrcClient byNick(String nick) {
		Session session = this.nicks.find(nick);
		return (session != null) ? this.clients.get(session.connectionId()) : null;
	}

	Collection<IrcClient> all() {
		return this.clients.values();
	}

	String server() {
		return this.server;
	}

}
