package dev.switchboard.irc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The IRC commands Switchboard understands, with the checks every one of them gets before
 * its handler runs (ergo's command table): whether the client must have registered, and
 * how many parameters it needs (else 461).
 */
enum Verb {

	CAP(false, 1), PASS(false, 1), NICK(false, 0), USER(false, 4), PING(false, 1), PONG(false, 0), QUIT(false, 0),
	JOIN(true, 1), PART(true, 1), PRIVMSG(true, 0), NOTICE(true, 0), NAMES(true, 0), TOPIC(true, 1), LIST(true, 0),
	WHO(true, 0), WHOIS(true, 1), MODE(true, 1), AWAY(true, 0), OPER(true, 2), MOTD(true, 0), LUSERS(true, 0),
	ISON(true, 1), USERHOST(true, 1), KICK(true, 2), INVITE(true, 2),
	// IRCv3 SASL, before or after registration
	AUTHENTICATE(false, 1);

	private final boolean registered;

	private final int minParams;

	Verb(boolean registered, int minParams) {
		this.registered = registered;
		this.minParams = minParams;
	}

	boolean needsRegistration() {
		return this.registered;
	}

	int minParams() {
		return this.minParams;
	}

	static @Nullable Verb of(String verb) {
		try {
			return valueOf(verb.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
