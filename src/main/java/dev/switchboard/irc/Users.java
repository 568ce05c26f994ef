package dev.switchboard.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.switchboard.protocol.IrcEncoder;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Unicode;
import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Privilege;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Commands about users: {@code WHO}, {@code WHOIS}, {@code ISON}, {@code USERHOST}, user
 * {@code MODE}, {@code AWAY}, {@code OPER}, {@code PING} and {@code QUIT}. A text or JSON
 * user has no IRC user name or real name: both are its nick.
 */
final class Users {

	/** The most replies a WHO mask gets, so no reply grows with the server. */
	private static final int MAX_WHO = 100;

	private final IrcClients clients;

	private final Nicks nicks;

	private final Rooms rooms;

	private final Presence presence;

	private final Channels channels;

	private final IrcProperties irc;

	private final PasswordEncoder passwords;

	private final SessionRegistry sessions;

	Users(IrcClients clients, Nicks nicks, Rooms rooms, Presence presence, Channels channels, IrcProperties irc,
			PasswordEncoder passwords, SessionRegistry sessions) {
		this.sessions = sessions;
		this.clients = clients;
		this.nicks = nicks;
		this.rooms = rooms;
		this.presence = presence;
		this.channels = channels;
		this.irc = irc;
		this.passwords = passwords;
	}

	void who(IrcClient client, IrcMessage message) {
		String mask = message.params().isEmpty() ? "*" : message.param(0);
		String key = this.channels.key(mask);
		if (key != null) {
			if (this.presence.moderation().isVisible(key, client.session())) {
				String shown = "#" + this.rooms.displayNameOr(key, key);
				Set<String> operators = Channels.keys(this.rooms.holders(key, Privilege.OPERATOR));
				Set<String> voiced = Channels.keys(this.rooms.holders(key, Privilege.VOICE));
				boolean multi = client.caps().contains("multi-prefix");
				for (String nick : this.rooms.nicks(key)) {
					whoReply(client, shown, nick, Channels.prefix(operators.contains(NameRules.key(nick)),
							voiced.contains(NameRules.key(nick)), multi));
				}
			}
		}
		else if (mask.contains("*") || mask.contains("?")) {
			Pattern glob = glob(mask);
			this.sessions.all()
				.stream()
				.filter((session) -> glob.matcher(session.nick()).matches() && isVisibleTo(client, session))
				.limit(MAX_WHO)
				.forEach((session) -> whoReply(client, "*", session.nick(), ""));
		}
		else {
			Session session = this.nicks.find(mask);
			if (session != null) {
				whoReply(client, "*", session.nick(), "");
			}
		}
		client.numeric(Numeric.RPL_ENDOFWHO, mask, "End of WHO list");
	}

	// IRC masks: * any run, ? any one character; nicks compare ignoring ASCII case.
	private static Pattern glob(String mask) {
		StringBuilder regex = new StringBuilder();
		for (char c : mask.toCharArray()) {
			regex.append((c == '*') ? ".*" : (c == '?') ? "." : Pattern.quote(String.valueOf(c)));
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
	}

	// An invisible user (+i) is found by a mask only by itself and those sharing a room.
	private boolean isVisibleTo(IrcClient client, Session session) {
		IrcClient other = this.clients.find(session.connectionId());
		if (other == null || !other.invisible() || session == client.session()) {
			return true;
		}
		return session.rooms().stream().anyMatch(client.session()::isIn);
	}

	private void whoReply(IrcClient client, String channel, String nick, String prefix) {
		IrcClient other = this.clients.byNick(nick);
		String flags = ((other != null && other.away() != null) ? "G" : "H")
				+ ((other != null && other.operator()) ? "*" : "") + prefix;
		client.numeric(Numeric.RPL_WHOREPLY, channel, user(other, nick), IrcEncoder.HOST, this.clients.server(), nick,
				flags, "0 " + realName(other, nick));
	}

	void whois(IrcClient client, IrcMessage message) {
		String nick = message.param(message.params().size() - 1);
		Session session = this.nicks.find(nick);
		if (session == null) {
			if (elsewhere(nick)) {
				// A user of another node of the cluster: online, with what this node
				// knows.
				client.numeric(Numeric.RPL_WHOISUSER, nick, nick, IrcEncoder.HOST, "*", nick);
				client.numeric(Numeric.RPL_WHOISSERVER, nick, this.clients.server(),
						this.irc.network() + " (another server of the cluster)");
			}
			else {
				client.numeric(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
			}
			client.numeric(Numeric.RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
			return;
		}
		IrcClient other = this.clients.byNick(nick);
		String shown = session.nick();
		client.numeric(Numeric.RPL_WHOISUSER, shown, user(other, shown), IrcEncoder.HOST, "*", realName(other, shown));
		client.numeric(Numeric.RPL_WHOISSERVER, shown, this.clients.server(), this.irc.network());
		if (other != null && other.operator()) {
			client.numeric(Numeric.RPL_WHOISOPERATOR, shown, "is an IRC operator");
		}
		List<String> channels = new ArrayList<>();
		for (String key : session.rooms()) {
			if (this.presence.moderation().isVisible(key, client.session())) {
				channels.add(Channels.prefix(this.rooms.has(key, session, Privilege.OPERATOR),
						this.rooms.has(key, session, Privilege.VOICE), client.caps().contains("multi-prefix")) + "#"
						+ this.rooms.displayNameOr(key, key));
			}
		}
		if (!channels.isEmpty()) {
			client.numeric(Numeric.RPL_WHOISCHANNELS, shown, String.join(" ", channels));
		}
		if (other != null && other.away() != null) {
			client.numeric(Numeric.RPL_AWAY, shown, other.away());
		}
		client.numeric(Numeric.RPL_ENDOFWHOIS, shown, "End of /WHOIS list");
	}

	void ison(IrcClient client, IrcMessage message) {
		List<String> online = new ArrayList<>();
		for (String param : message.params()) {
			for (String nick : param.split(" ")) {
				Session session = nick.isEmpty() ? null : this.nicks.find(nick);
				if (session != null) {
					online.add(session.nick());
				}
				else if (!nick.isEmpty() && elsewhere(nick)) {
					online.add(nick);
				}
			}
		}
		client.numeric(Numeric.RPL_ISON, String.join(" ", online));
	}

	/**
	 * @return true if a user of another node of a cluster holds the nick; false when this
	 * node cannot tell (Redis away)
	 */
	private boolean elsewhere(String nick) {
		try {
			return this.nicks.isTaken(nick);
		}
		catch (ProtocolException ex) {
			return false;
		}
	}

	void userhost(IrcClient client, IrcMessage message) {
		List<String> replies = new ArrayList<>();
		for (String nick : message.params().subList(0, Math.min(5, message.params().size()))) {
			Session session = this.nicks.find(nick);
			if (session != null) {
				IrcClient other = this.clients.byNick(nick);
				replies.add(session.nick() + ((other != null && other.operator()) ? "*" : "") + "="
						+ ((other != null && other.away() != null) ? "-" : "+") + user(other, session.nick()) + "@"
						+ IrcEncoder.HOST);
			}
		}
		client.numeric(Numeric.RPL_USERHOST, String.join(" ", replies));
	}

	/**
	 * {@code MODE nick}: the user modes are {@code i} (invisible to WHO masks) and
	 * {@code o}, given by {@code OPER} and only taken away here.
	 */
	void mode(IrcClient client, IrcMessage message) {
		String target = message.param(0);
		if (!NameRules.key(target).equals(NameRules.key(client.nick()))) {
			if (this.nicks.find(target) != null) {
				client.numeric(Numeric.ERR_USERSDONTMATCH, "Cant change mode for other users");
			}
			else {
				client.numeric(Numeric.ERR_NOSUCHNICK, target, "No such nick/channel");
			}
			return;
		}
		if (message.params().size() < 2) {
			client.numeric(Numeric.RPL_UMODEIS, client.userModes());
			return;
		}
		StringBuilder applied = new StringBuilder();
		boolean on = true;
		char sign = ' ';
		for (char c : message.param(1).toCharArray()) {
			if (c == '+' || c == '-') {
				on = c == '+';
				continue;
			}
			boolean changed = switch (c) {
				case 'i' -> on != client.invisible();
				case 'o' -> !on && client.operator();
				default -> {
					client.numeric(Numeric.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
					yield false;
				}
			};
			if (changed) {
				if (c == 'i') {
					client.invisible(on);
				}
				else {
					client.operator(false);
				}
				if (sign != (on ? '+' : '-')) {
					sign = on ? '+' : '-';
					applied.append(sign);
				}
				applied.append(c);
			}
		}
		if (!applied.isEmpty()) {
			client.send(":" + IrcEncoder.source(client.nick()) + " MODE " + client.nick() + " :" + applied);
		}
	}

	void away(IrcClient client, IrcMessage message) {
		String text = message.params().isEmpty() ? "" : message.text(0);
		if (text.isBlank()) {
			client.away(null);
			client.numeric(Numeric.RPL_UNAWAY, "You are no longer marked as being away");
		}
		else {
			client.away(Unicode.clip(text, Isupport.AWAYLEN));
			client.numeric(Numeric.RPL_NOWAWAY, "You have been marked as being away");
		}
	}

	// The password is compared, never logged or echoed.
	void oper(IrcClient client, IrcMessage message) {
		String stored = this.irc.operators().get(message.param(0));
		if (stored == null || !this.passwords.matches(message.param(1), stored)) {
			client.numeric(Numeric.ERR_PASSWDMISMATCH, "Password incorrect");
			return;
		}
		client.operator(true);
		client.numeric(Numeric.RPL_YOUREOPER, "You are now an IRC operator");
		client.send(":" + IrcEncoder.source(client.nick()) + " MODE " + client.nick() + " :+o");
	}

	void ping(IrcClient client, IrcMessage message) {
		client.fromServer("PONG " + this.clients.server() + " :" + message.param(0));
	}

	void quit(IrcClient client, IrcMessage message) {
		@Nullable String reason = message.textOrNull(0);
		client.send("ERROR :Closing Link: " + ((reason != null) ? "Quit: " + reason : "Quit"));
		this.presence.quitQuietly(client.session(), reason);
	}

	private static String user(@Nullable IrcClient client, String nick) {
		String user = (client != null) ? client.user() : null;
		return (user != null) ? user : nick;
	}

	private static String realName(@Nullable IrcClient client, String nick) {
		return (client != null && !client.realName().isEmpty()) ? client.realName() : nick;
	}

}
