package dev.switchboard.routing;

import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * "Find a nick": which session owns a nick, unique ignoring case. The seam a cluster
 * backplane implements (for example with Redis {@code SET NX} leases).
 */
public interface Nicks {

	/**
	 * @return true if the nick is now owned by this session (also when it already was)
	 */
	boolean claim(String nick, Session session);

	/** Frees the nick if this session owns it. */
	void release(String nick, Session session);

	/**
	 * @return the session on this server that owns the nick, or {@code null} (it may be
	 * held on another server of a cluster: see {@link Peers})
	 */
	@Nullable Session find(String nick);

	/**
	 * @return true if a session on any server holds the nick (a cluster may ask the
	 * others)
	 */
	default boolean isTaken(String nick) {
		return find(nick) != null;
	}

	/**
	 * The nick of this server's {@code n}-th guest; guests of different servers never
	 * collide, so claiming one never waits on another server.
	 */
	default String guest(long n) {
		return "guest-" + n;
	}

	/**
	 * @return how many nicks are taken
	 */
	int size();

}
