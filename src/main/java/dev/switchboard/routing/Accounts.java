package dev.switchboard.routing;

import dev.switchboard.protocol.Command;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * Registered nicks and the commands about them: the seam the account package implements.
 * Routing asks it before a {@code /nick} (a registered nick is only for a session logged
 * in to it) and hands it every {@link Command.AccountCommand}. Without accounts
 * ({@link NoAccounts}) no nick is registered. Both methods may block on a database, on
 * the session's reader thread.
 */
public interface Accounts {

	/**
	 * @return the name the nick is registered under (its case as registered), or
	 * {@code null} if it is not registered
	 * @throws dev.switchboard.protocol.ProtocolException with
	 * {@link dev.switchboard.protocol.ErrorCode#UNAVAILABLE} when that cannot be known
	 * now
	 */
	@Nullable String registered(String nick);

	/** Carries out {@code /register}, {@code /login} and the rest for the session. */
	void handle(Session session, Command.AccountCommand command);

}
