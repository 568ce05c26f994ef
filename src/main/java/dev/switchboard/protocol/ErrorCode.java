package dev.switchboard.protocol;

import java.util.Locale;

/**
 * Stable machine-readable codes for {@code ! } error lines; JSON clients get them as
 * {@code "code"}. Never rename one: programs match on them. PROTOCOL.md §5.
 */
public enum ErrorCode {

	UNKNOWN_COMMAND, USAGE, INVALID_NICK, NICK_IN_USE, RESERVED_NICK, INVALID_ROOM, NOT_IN_ROOM, NO_ROOM, NO_SUCH_NICK,
	TOO_MANY_ROOMS, LINE_TOO_LONG, INVALID_UTF8, NOT_CHAT_PROTOCOL, SERVER_FULL, KICKED, FLOODING, TOO_MANY_CONNECTIONS,
	LINE_TIMEOUT, INTERNAL, UNAVAILABLE, NICK_REGISTERED, ALREADY_REGISTERED, NOT_REGISTERED, NOT_LOGGED_IN,
	WRONG_PASSWORD, WEAK_PASSWORD, TOO_MANY_ATTEMPTS, ENCRYPTION_REQUIRED, ACCOUNTS_DISABLED, NICK_TAKEN_OVER,
	NOT_OPERATOR, USER_NOT_IN_ROOM, ALREADY_IN_ROOM, INVITE_ONLY;

	/** The code as it appears on the wire, e.g. {@code nick_in_use}. */
	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

}
