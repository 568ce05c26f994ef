package dev.switchboard.routing;

import java.util.List;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.OutputFormat;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** Carries out one parsed command for one session. PROTOCOL.md §3. */
@Component
class CommandHandler {

	static final String HELP = """
			Commands (a line not starting with / is said in your current room; //text says /text):
			  /nick NAME         change your nick
			  /join ROOM         join a room (created if new) and talk there
			  /leave [ROOM]      leave a room (default: the current one)
			  /rooms [PAGE]      list rooms and member counts (long lists come in pages)
			  /who [ROOM [PAGE]] list who is in a room (default: the current one)
			  /msg NICK TEXT     send a direct message
			  /topic [#ROOM] [TEXT] show or set a room's topic (TEXT - clears it)
			  /me TEXT           say an action: * you TEXT
			  /kick [#ROOM] NICK [REASON]  remove NICK from a room (operators)
			  /mode [#ROOM] [+t|-t|+i|-i|+s|-s|+m|-m|+n|-n|+v NICK|-v NICK]  show or change a room's modes
			  /op [#ROOM] NICK, /deop [#ROOM] NICK  make NICK an operator of a room, or no longer one
			  /invite NICK [#ROOM]  let NICK join a room once, even an invite-only one
			  /ping [TOKEN]      the server answers pong
			  /format text|json  switch how the server writes to you
			  /whois NICK        is NICK online, registered, logged in?
			  /register PASSWORD register your nick (it becomes yours; others cannot take it)
			  /login NICK PASSWORD  log in to a registered nick and take it (also /identify)
			  /logout            log out (you become a guest)
			  /password OLD NEW  change your password
			  /unregister PASSWORD  delete your account (you keep the nick as a guest would)
			  /quit [REASON]     leave the server
			Passwords are sent as you type them: on a plain (not TLS) connection anyone on the way can read them.""";

	private final Presence presence;

	private final Rooms rooms;

	private final Nicks nicks;

	private final NameRules names;

	private final ChatMetrics metrics;

	private final ChatProperties chat;

	private final Messages messages;

	private final Accounts accounts;

	private final Moderation moderation;

	CommandHandler(Presence presence, Rooms rooms, Nicks nicks, Messages messages, Accounts accounts, NameRules names,
			ChatMetrics metrics, ChatProperties chat) {
		this.moderation = presence.moderation();
		this.messages = messages;
		this.accounts = accounts;
		this.chat = chat;
		this.presence = presence;
		this.rooms = rooms;
		this.nicks = nicks;
		this.names = names;
		this.metrics = metrics;
	}

	void handle(Session session, Command command) {
		this.metrics.received(switch (command) {
			case Command.Say say -> ChatMetrics.Kind.ROOM;
			case Command.Me me -> ChatMetrics.Kind.ROOM;
			case Command.Msg msg -> ChatMetrics.Kind.DM;
			default -> ChatMetrics.Kind.COMMAND;
		});
		switch (command) {
			case Command.Say say -> say(session, say.text(), false);
			case Command.Me me -> say(session, me.text(), true);
			case Command.Msg msg -> this.messages.direct(session, msg.nick(), msg.text(), false, false);
			case Command.Topic topic -> topic(session, topic.room(), topic.text());
			case Command.Help help -> Replies.info(session, HELP);
			case Command.Nick nick -> this.presence.nick(session, nick.name());
			case Command.Join join -> this.presence.join(session, join.room());
			case Command.Leave leave -> this.presence.leave(session, leave.room());
			case Command.Rooms list -> rooms(session, list.page());
			case Command.Who who -> who(session, who.room(), who.page());
			case Command.Kick kick ->
				this.moderation.kick(session, roomKey(session, kick.room()), kick.nick(), kick.reason(), false);
			case Command.Mode mode -> mode(session, mode);
			case Command.Invite invite -> invite(session, invite.nick(), invite.room());
			case Command.Ping ping -> Replies.reply(session, new Event.Pong(ping.token()));
			case Command.Format format -> format(session, format.format());
			case Command.Quit quit -> this.presence.quit(session, quit.reason());
			case Command.Whois whois -> whois(session, whois.nick());
			case Command.AccountCommand account -> this.accounts.handle(session, account);
		}
	}

	private void say(Session session, String text, boolean action) {
		String key = session.currentRoom();
		if (key == null) {
			this.metrics.dropped(ChatMetrics.DropReason.NO_ROOM);
			throw new ProtocolException(ErrorCode.NO_ROOM,
					"You are not in any room, so nobody heard that; /join ROOM first.");
		}
		this.messages.say(session, key, text, action, false);
	}

	// PROTOCOL.md §3: /topic [#ROOM] [TEXT]; a TEXT of "-" clears it.
	private void topic(Session session, @Nullable String wanted, @Nullable String text) {
		String key = roomKey(session, wanted, "You are not in any room; use /topic #ROOM.");
		String room = visibleName(session, key, wanted);
		if (text != null) {
			this.messages.topic(session, key, text.equals("-") ? "" : text);
			return;
		}
		RoomTopic topic = this.rooms.topic(key);
		Replies.info(session,
				(topic != null) ? "Topic of #" + room + ": " + topic.text() + " (set by " + topic.nick() + ")"
						: "#" + room + " has no topic; /topic TEXT sets one.");
	}

	private String roomKey(Session session, @Nullable String wanted) {
		return roomKey(session, wanted, "You are not in any room; name one: #ROOM.");
	}

	/** The key of the room named, or else of the session's current room. */
	private String roomKey(Session session, @Nullable String wanted, String whenInNoRoom) {
		String key = (wanted != null) ? NameRules.key(this.names.room(wanted)) : session.currentRoom();
		if (key == null) {
			throw new ProtocolException(ErrorCode.NO_ROOM, whenInNoRoom);
		}
		return key;
	}

	/** The room's name; a secret room the session is not in does not exist for it. */
	private String visibleName(Session session, String key, @Nullable String wanted) {
		String room = this.moderation.isVisible(key, session) ? this.rooms.displayName(key) : null;
		if (room == null) {
			throw new ProtocolException(ErrorCode.INVALID_ROOM, "There is no room #" + wanted + "; /rooms lists them.");
		}
		return room;
	}

	private void mode(Session session, Command.Mode mode) {
		String key = roomKey(session, mode.room());
		if (mode.changes() == null) {
			Replies.reply(session, this.moderation.modes(session, key));
			return;
		}
		String usage = "Usage: /mode [#ROOM] [+t|-t|+i|-i|+s|-s|+m|-m|+n|-n|+o NICK|-o NICK|+v NICK|-v NICK]";
		List<ModeChange> changes = ModeChange.parse(mode.changes(), mode.nicks(), (unknown) -> {
			throw new ProtocolException(ErrorCode.USAGE, "Unknown mode " + unknown + ". " + usage);
		}, (missing) -> {
			throw new ProtocolException(ErrorCode.USAGE, usage);
		});
		if (this.moderation.mode(session, key, changes, false).isEmpty()) {
			Replies.info(session,
					"Nothing changed; /mode #" + this.rooms.displayNameOr(key, key) + " shows the modes.");
		}
	}

	private void invite(Session session, String nick, @Nullable String room) {
		String key = roomKey(session, room);
		Session invited = this.moderation.invite(session, key, nick, false);
		Replies.info(session, "You invited " + invited.nick() + " to #" + this.rooms.displayNameOr(key, key) + ".");
	}

	// A registered nick can only be held by a session logged in to it, so a holder on
	// another server of a registered nick is logged in to it.
	private void whois(Session session, String nick) {
		String registered = this.accounts.registered(nick);
		Session holder = this.nicks.find(nick);
		Event.Whois whois = (holder != null)
				? new Event.Whois(holder.nick(), true, registered != null, holder.account())
				: whoisElsewhere(nick, registered);
		Replies.reply(session, whois);
	}

	private Event.Whois whoisElsewhere(String nick, @Nullable String registered) {
		boolean online = this.nicks.isTaken(nick);
		if (registered != null) {
			return new Event.Whois(registered, online, true, online ? registered : null);
		}
		return new Event.Whois(nick, online, false, null);
	}

	private void rooms(Session session, int page) {
		List<Event.RoomCount> all = this.rooms.counts()
			.stream()
			.filter((room) -> this.moderation.isVisible(NameRules.key(room.room()), session))
			.toList();
		Replies.reply(session, new Event.RoomList(page(all, page), pageOf(all, page)));
	}

	private void who(Session session, @Nullable String wanted, int page) {
		String key = roomKey(session, wanted, "You are not in any room; use /who ROOM.");
		String room = visibleName(session, key, wanted);
		List<String> nicks = this.rooms.nicks(key);
		Replies.reply(session, new Event.Who(room, page(nicks, page), pageOf(nicks, page)));
	}

	private <T> List<T> page(List<T> all, int page) {
		int size = this.chat.pageSize();
		long from = (long) (page - 1) * size;
		return (from >= all.size()) ? List.of()
				: List.copyOf(all.subList((int) from, (int) Math.min(all.size(), from + size)));
	}

	private Event.Page pageOf(List<?> all, int page) {
		int pages = Math.max(1, (all.size() + this.chat.pageSize() - 1) / this.chat.pageSize());
		return new Event.Page(page, pages, all.size());
	}

	private void format(Session session, OutputFormat format) {
		session.format(format);
		Replies.info(session, "Output format is now " + format.name().toLowerCase(java.util.Locale.ROOT) + ".");
	}

}
