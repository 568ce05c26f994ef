package dev.switchboard.irc;

import java.util.Set;

/**
 * The IRCv3 capabilities Switchboard supports (CAP LS). {@code multi-prefix} is honest
 * and trivial: rooms have no prefixes. {@code cap-notify} is honest: the list never
 * changes while a client is connected, so there is never a {@code NEW} or {@code DEL}.
 * {@code userhost-in-names} gives 353 replies the same {@code nick!user@host} as
 * messages' sources.
 */
final class Caps {

	static final Set<String> SUPPORTED = Set.of("cap-notify", "echo-message", "multi-prefix", "server-time",
			"userhost-in-names");

	static final String LS = "cap-notify echo-message multi-prefix server-time userhost-in-names";

	private Caps() {
	}

}
