package dev.switchboard.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.IrcEncoder;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.ChatProperties;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.SessionRegistry;

/**
 * Connection registration (modern.ircdocs.horse "Connection Registration"): {@code CAP}
 * negotiation, {@code NICK}, {@code USER} and an ignored {@code PASS}; once a nick and a
 * user are known and negotiation has ended, the welcome burst (001–005, LUSERS, 422).
 * Also {@code NICK} after registration.
 */
final class Registration {

	private final Presence presence;

	private final IrcProperties irc;

	private final ChatProperties chat;

	private final String server;

	private final SessionRegistry sessions;

	private final Rooms rooms;

	private final Sasl sasl;

	private final IrcClients clients;

	/** The most users seen at once (265/266), since start. */
	private final java.util.concurrent.atomic.AtomicInteger maxUsers = new java.util.concurrent.atomic.AtomicInteger();

	private final String created = java.time.Instant.now().toString();

	Registration(Presence presence, IrcProperties irc, ChatProperties chat, IrcClients clients,
			SessionRegistry sessions, Rooms rooms, Sasl sasl) {
		this.sasl = sasl;
		this.clients = clients;
		this.presence = presence;
		this.irc = irc;
		this.chat = chat;
		this.server = clients.server();
		this.sessions = sessions;
		this.rooms = rooms;
	}

	void cap(IrcClient client, IrcMessage message) {
		String sub = message.param(0).toUpperCase(Locale.ROOT);
		switch (sub) {
			case "LS" -> {
				client.negotiating(!client.registered());
				boolean v302 = message.params().size() > 1 && message.param(1).compareTo("302") >= 0;
				client.fromServer("CAP " + client.target() + " LS :" + Caps.ls(this.sasl.offered(), v302));
			}
			case "LIST" -> client.fromServer("CAP " + client.target() + " LIST :" + String.join(" ", client.caps()));
			case "REQ" -> request(client, (message.params().size() > 1) ? message.param(1) : "");
			case "END" -> {
				client.negotiating(false);
				complete(client);
			}
			default -> client.numeric(Numeric.ERR_INVALIDCAPCMD, sub, "Invalid CAP command");
		}
	}

	// All or nothing (IRCv3 capability negotiation: "REQ").
	private void request(IrcClient client, String wanted) {
		client.negotiating(!client.registered());
		List<String> names = new ArrayList<>();
		for (String cap : wanted.strip().split(" +")) {
			String name = cap.startsWith("-") ? cap.substring(1) : cap;
			if (!Caps.supported(name.toLowerCase(Locale.ROOT), this.sasl.offered())) {
				client.fromServer("CAP " + client.target() + " NAK :" + wanted.strip());
				return;
			}
			names.add(cap.toLowerCase(Locale.ROOT));
		}
		for (String cap : names) {
			if (cap.startsWith("-")) {
				client.caps().remove(cap.substring(1));
			}
			else {
				client.caps().add(cap);
			}
		}
		client.capsChanged();
		client.fromServer("CAP " + client.target() + " ACK :" + wanted.strip());
	}

	void pass(IrcClient client) {
		if (client.registered()) {
			client.numeric(Numeric.ERR_ALREADYREGISTERED, "You may not reregister");
		}
	}

	void nick(IrcClient client, IrcMessage message) {
		String wanted = message.params().isEmpty() ? "" : message.param(0);
		if (wanted.isEmpty()) {
			client.numeric(Numeric.ERR_NONICKNAMEGIVEN, "No nickname given");
			return;
		}
		if (client.registered() && wanted.equals(client.nick())) {
			return;
		}
		try {
			if (client.registered()) {
				this.presence.nick(client.session(), wanted);
				return;
			}
			this.presence.nickBeforeJoining(client.session(), wanted);
			client.nickGiven(true);
			client.pendingNick(null);
			complete(client);
		}
		catch (ProtocolException ex) {
			if (ex.code() == ErrorCode.NICK_REGISTERED && client.negotiating() && this.sasl.offered()) {
				// Clients send NICK before SASL: the nick waits for the end of
				// negotiation.
				client.pendingNick(wanted);
				return;
			}
			// A registered nick is taken for IRC clients not logged in to it
			// (docs/IRC.md).
			boolean taken = ex.code() == ErrorCode.NICK_IN_USE || ex.code() == ErrorCode.NICK_REGISTERED;
			if (ex.code() == ErrorCode.UNAVAILABLE) {
				// A cluster node cut off from Redis cannot check the nick (RFC 2812's
				// "temporarily unavailable"), with the same sentence text users get.
				client.numeric(Numeric.ERR_UNAVAILRESOURCE, wanted, ex.getMessage());
				return;
			}
			client.numeric(taken ? Numeric.ERR_NICKNAMEINUSE : Numeric.ERR_ERRONEUSNICKNAME, wanted,
					taken ? "Nickname is already in use" : "Erroneous nickname");
		}
	}

	void user(IrcClient client, IrcMessage message) {
		if (client.registered()) {
			client.numeric(Numeric.ERR_ALREADYREGISTERED, "You may not reregister");
			return;
		}
		if (message.param(0).isEmpty() || message.param(3).isEmpty()) {
			client.numeric(Numeric.ERR_NEEDMOREPARAMS, "USER", "Not enough parameters");
			return;
		}
		client.user(message.param(0), message.text(3));
		complete(client);
	}

	private void complete(IrcClient client) {
		if (client.registered() || client.negotiating()) {
			return;
		}
		this.sasl.abortIfUnderWay(client);
		String pending = client.pendingNick();
		if (pending != null && !client.nickGiven()) {
			client.pendingNick(null);
			nick(client, new IrcMessage(null, "NICK", java.util.List.of(pending)));
			return;
		}
		if (!client.nickGiven() || client.user() == null) {
			return;
		}
		client.registered(true);
		String nick = client.nick();
		client.numeric(Numeric.RPL_WELCOME,
				"Welcome to the " + this.irc.network() + " IRC network, " + IrcEncoder.source(nick));
		client.numeric(Numeric.RPL_YOURHOST, "Your host is " + this.server + ", running version " + version());
		client.numeric(Numeric.RPL_CREATED, "This server was created " + this.created);
		client.numeric(Numeric.RPL_MYINFO, this.server, version(), "io", "imnst", "ov");
		for (List<String> line : Isupport.lines(Isupport.tokens(this.chat, this.irc.network()))) {
			List<String> params = new ArrayList<>(line);
			params.add("are supported by this server");
			client.numeric(Numeric.RPL_ISUPPORT, params.toArray(String[]::new));
		}
		lusers(client);
		motd(client);
	}

	/**
	 * 251–255, 265, 266. Users are this server's sessions on every port (text, JSON, IRC)
	 * but IRC connections that have not registered yet, which are 253; of them, IRC
	 * clients with user mode {@code +i} are the invisible ones; operators are IRC clients
	 * that used {@code OPER}. In a cluster the counts are this node's.
	 */
	void lusers(IrcClient client) {
		int unregistered = 0;
		int operators = 0;
		int invisible = 0;
		for (IrcClient each : this.clients.all()) {
			if (each.session().isClosing()) {
				continue;
			}
			if (!each.registered()) {
				unregistered++;
				continue;
			}
			if (each.operator()) {
				operators++;
			}
			if (each.invisible()) {
				invisible++;
			}
		}
		int open = 0;
		for (var session : this.sessions.all()) {
			if (!session.isClosing()) {
				open++;
			}
		}
		int users = Math.max(0, open - unregistered);
		int max = this.maxUsers.accumulateAndGet(users, Math::max);
		client.numeric(Numeric.RPL_LUSERCLIENT,
				"There are " + (users - invisible) + " users and " + invisible + " invisible on 1 servers");
		client.numeric(Numeric.RPL_LUSEROP, String.valueOf(operators), "operator(s) online");
		client.numeric(Numeric.RPL_LUSERUNKNOWN, String.valueOf(unregistered), "unknown connection(s)");
		client.numeric(Numeric.RPL_LUSERCHANNELS, String.valueOf(this.rooms.size()), "channels formed");
		client.numeric(Numeric.RPL_LUSERME, "I have " + users + " clients and 0 servers");
		// Without the optional <u> <m> parameters (modern.ircdocs.horse): the max is a
		// process's, and says nothing once a cluster has several.
		client.numeric(Numeric.RPL_LOCALUSERS, "Current local users " + users + ", max " + max);
		client.numeric(Numeric.RPL_GLOBALUSERS, "Current global users " + users + ", max " + max);
	}

	void motd(IrcClient client) {
		client.numeric(Numeric.ERR_NOMOTD, "MOTD File is missing");
	}

	private static String version() {
		String version = Registration.class.getPackage().getImplementationVersion();
		return "switchboard-" + ((version != null) ? version : "dev");
	}

}
