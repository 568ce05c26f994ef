package dev.switchboard.irc;

import java.util.Set;

/**
 * The IRCv3 capabilities Switchboard supports (CAP LS). {@code multi-prefix}: NAMES and
 * WHO show every prefix a member has ({@code @+}), not only the highest.
 * {@code cap-notify} is honest: the list never changes while a client is connected, so
 * there is never a {@code NEW} or {@code DEL}. {@code userhost-in-names} gives 353
 * replies the same {@code nick!user@host} as messages' sources. {@code sasl} is offered
 * only when accounts are on, with its mechanism list ({@code sasl=PLAIN}) to clients that
 * asked for {@code CAP LS 302}.
 */
final class Caps {

	private static final Set<String> ALWAYS = Set.of("cap-notify", "echo-message", "multi-prefix", "server-time",
			"userhost-in-names");

	private static final String LS = "cap-notify echo-message multi-prefix server-time userhost-in-names";

	private Caps() {
	}

	/** The {@code CAP LS} list. */
	static String ls(boolean sasl, boolean v302) {
		if (!sasl) {
			return LS;
		}
		return LS + (v302 ? " sasl=" + Sasl.MECHANISMS : " sasl");
	}

	static boolean supported(String cap, boolean sasl) {
		return ALWAYS.contains(cap) || (sasl && cap.equals("sasl"));
	}

}
