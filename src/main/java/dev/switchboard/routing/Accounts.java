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

	/**
	 * @return whether nicks can be registered here (IRC offers SASL only then)
	 */
	default boolean enabled() {
		return true;
	}

	/**
	 * Checks a password and logs the session in to the account, without taking the nick:
	 * IRC's SASL {@code PLAIN}, before the client has a nick of its own. The same limits,
	 * meters and log lines as {@code /login}.
	 * @return the account's name (its case as registered), and the clear-text warning to
	 * give on an unencrypted connection, or {@code null}
	 * @throws dev.switchboard.protocol.ProtocolException {@code accounts_disabled},
	 * {@code encryption_required}, {@code too_many_attempts}, {@code not_registered},
	 * {@code wrong_password} or {@code unavailable}; its text never holds the password
	 */
	Authenticated authenticate(Session session, String nick, String password);

	/**
	 * A password accepted.
	 *
	 * @param account the account's name, as registered
	 * @param warning what to tell the user about how the password travelled, or
	 * {@code null}
	 */
	record Authenticated(String account, @Nullable String warning) {
	}

}
