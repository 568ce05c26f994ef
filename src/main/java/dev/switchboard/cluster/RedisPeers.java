package dev.switchboard.cluster;

import java.util.List;

import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.routing.Peers;

/**
 * {@link Peers} through Redis: a nick not on this node is looked up by its lease, which
 * names the node and connection holding it; the message goes to that node's own channel
 * and is delivered only if that connection still holds the nick.
 */
final class RedisPeers implements Peers {

	private final RedisLink link;

	private final Backplane backplane;

	private final NodeDirectory directory;

	RedisPeers(RedisLink link, Backplane backplane, NodeDirectory directory) {
		this.link = link;
		this.backplane = backplane;
		this.directory = directory;
	}

	@Override
	public Reach direct(String nick, Event.Dm message) {
		return send(nick, (owner) -> new Envelope.Direct(NameRules.key(nick), owner.connectionId(), message),
				Envelope.Kind.DIRECT);
	}

	@Override
	public Reach kick(String nick, String reason) {
		return send(nick, (owner) -> new Envelope.Kick(NameRules.key(nick), owner.connectionId(), reason),
				Envelope.Kind.KICK);
	}

	@Override
	public Reach renameToGuest(String nick, String reason) {
		return send(nick, (owner) -> new Envelope.Rename(NameRules.key(nick), owner.connectionId(), reason),
				Envelope.Kind.RENAME);
	}

	private Reach send(String nick, java.util.function.Function<Owner, Envelope.Body> body, Envelope.Kind kind) {
		try {
			var commands = this.link.commands();
			String lease = this.link.await((commands != null) ? commands.get(Keys.lease(NameRules.key(nick))) : null);
			Owner owner = Owner.parse(lease);
			if (owner == null || owner.node().equals(this.directory.self()) || !this.directory.isAlive(owner.node())) {
				return Reach.NO_SUCH_NICK;
			}
			var sent = this.link.publish(Keys.nodeChannel(owner.node()),
					this.backplane.envelope(kind, body.apply(owner)));
			if (sent == null) {
				return Reach.UNAVAILABLE;
			}
			this.link.flush();
			long receivers = this.link.await(sent);
			return (receivers > 0) ? Reach.SENT : Reach.UNAVAILABLE;
		}
		catch (Unavailable ex) {
			return Reach.UNAVAILABLE;
		}
	}

	@Override
	public void announce(Event.Info line) {
		this.backplane.publishControl(Keys.CONTROL, Envelope.Kind.ANNOUNCE, new Envelope.Announce(line));
	}

	@Override
	public List<String> nodes() {
		return this.directory.live();
	}

	record Owner(String node, String connectionId) {

		static @org.jspecify.annotations.Nullable Owner parse(@org.jspecify.annotations.Nullable String lease) {
			if (lease == null) {
				return null;
			}
			int bar = lease.indexOf('|');
			return (bar > 0) ? new Owner(lease.substring(0, bar), lease.substring(bar + 1)) : null;
		}

	}

}
