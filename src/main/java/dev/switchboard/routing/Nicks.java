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

	@Nullable Session find(String nick);

	/**
	 * @return how many nicks are taken
	 */
	int size();

}
