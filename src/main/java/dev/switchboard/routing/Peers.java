package dev.switchboard.routing;

import java.util.List;

import dev.switchboard.protocol.Event;

/**
 * The other servers of a cluster, for what cannot go through a room: a direct message or
 * a kick for a nick that is not on this server, an announcement to everyone. A single
 * node has none ({@link NoPeers}); the cluster package provides the real one.
 */
public interface Peers {

	/** What became of a message for a nick that is not on this server. */
	enum Reach {

		/** Handed to the server that holds the nick. */
		SENT,
		/** Nobody holds the nick anywhere. */
		NO_SUCH_NICK,
		/** The other servers cannot be reached now. */
		UNAVAILABLE

	}

	/** Sends a direct message to a nick held on another server. */
	Reach direct(String nick, Event.Dm message);

	/** Disconnects a nick held on another server, with the operator's reason. */
	Reach kick(String nick, String reason);

	/**
	 * Asks the server holding the nick to rename its holder to a guest, telling them
	 * {@code reason} (someone logged in to the nick's account).
	 */
	default Reach renameToGuest(String nick, String reason) {
		return Reach.NO_SUCH_NICK;
	}

	/** Sends an operator's line to every session on the other servers. */
	void announce(Event.Info line);

	/**
	 * @return the servers known to be alive, this one first; empty for a single node
	 */
	List<String> nodes();

}
