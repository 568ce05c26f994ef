package dev.switchboard.routing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.OutputFormat;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Unicode;
import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Outbound;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Who is where: sessions arriving and leaving, nicks, joining and leaving rooms, and the
 * {@code * } notices other members see for each.
 */
@Component
public class Presence {

	private static final int MAX_QUIT_MESSAGE = 200;

	private final SessionRegistry registry;

	private final Rooms rooms;

	private final Nicks nicks;

	private final NameRules names;

	private final ChatProperties chat;

	private final Peers peers;

	private final Accounts accounts;

	private final Moderation moderation;

	private final AtomicLong guests = new AtomicLong();

	Presence(SessionRegistry registry, Rooms rooms, Nicks nicks, Peers peers, Accounts accounts, NameRules names,
			ChatProperties chat, Moderation moderation) {
		this.registry = registry;
		this.moderation = moderation;
		this.accounts = accounts;
		this.rooms = rooms;
		this.nicks = nicks;
		this.peers = peers;
		this.names = names;
		this.chat = chat;
	}

	/** Room operators and modes, for listeners that offer them. */
	public Moderation moderation() {
		return this.moderation;
	}

	/** A connection opened: greet it as a new guest and put it in the default room. */
	public Session open(String connectionId, String remoteAddress, Outbound outbound) {
		Session session = new Session(connectionId, remoteAddress, "guest", outbound);
		String nick = claimGuest(session);
		session.nick(nick);
		outbound.whenCaughtUp((missed) -> Delivery
			.of(new Event.Info("You missed " + missed + " messages because your connection read too slowly."))
			.frame(session.format()));
		this.registry.add(session);
		if (this.chat.autoJoin()) {
			Replies.reply(session, new Event.Welcome(nick, this.chat.defaultRoom()));
			enter(session, NameRules.key(this.chat.defaultRoom()), this.chat.defaultRoom());
		}
		else {
			Replies.info(session,
					"Welcome to Switchboard, " + nick + "! /join ROOM to start. Type /help for commands.");
		}
		return session;
	}

	/**
	 * A connection opened on a listener whose clients register first (IRC): a session
	 * with a guest nick, in no room, and not greeted; the listener's own code greets it.
	 */
	public Session arrive(String connectionId, String remoteAddress, Outbound outbound, OutputFormat format) {
		Session session = new Session(connectionId, remoteAddress, "guest", outbound);
		session.format(format);
		session.nick(claimGuest(session));
		this.registry.add(session);
		return session;
	}

	private String claimGuest(Session session) {
		String nick;
		do {
			nick = this.nicks.guest(this.guests.incrementAndGet());
		}
		while (!this.nicks.claim(nick, session));
		return nick;
	}

	/**
	 * Takes a nick for a session that is in no room yet, with no notice to anyone (IRC's
	 * {@code NICK} before registration).
	 * @throws ProtocolException {@code invalid_nick}, {@code reserved_nick},
	 * {@code nick_registered} or {@code nick_in_use}
	 */
	public void nickBeforeJoining(Session session, String wanted) {
		String nick = this.names.nick(wanted);
		String old = session.nick();
		if (!isLoggedInTo(session, nick) && this.accounts.registered(nick) != null) {
			throw new ProtocolException(ErrorCode.NICK_REGISTERED, "The nick " + nick + " is registered.");
		}
		if (!this.nicks.claim(nick, session)) {
			throw new ProtocolException(ErrorCode.NICK_IN_USE, "The nick " + nick + " is taken.");
		}
		session.nick(nick);
		if (!NameRules.key(old).equals(NameRules.key(nick))) {
			this.nicks.release(old, session);
		}
	}

	/** The connection is gone: free everything it held and tell the rooms it was in. */
	public void closed(String connectionId, CloseReason reason) {
		Session session = this.registry.remove(connectionId);
		if (session != null) {
			session.close(reason);
			session.end(() -> leaveEverything(session, reason));
		}
	}

	private void leaveEverything(Session session, CloseReason reason) {
		var keys = session.rooms();
		// A shutting-down single node has nobody left to tell; in a cluster the other
		// nodes' users see this one's users go.
		if (!keys.isEmpty() && (reason != CloseReason.SHUTDOWN || !this.peers.nodes().isEmpty())) {
			Event quit = new Event.Quit(session.nick(), quitText(session, reason));
			this.rooms.publishOnce(keys, Delivery.of(quit), session);
		}
		for (String key : keys) {
			this.rooms.leave(key, session);
			session.left(key);
			this.moderation.handOver(key);
		}
		this.nicks.release(session.nick(), session);
	}

	/**
	 * Tells the session why, then closes it; its rooms see it quit with the reason.
	 * @return false if nobody has that nick
	 */
	public boolean kick(String nick, String reason) {
		Session session = this.nicks.find(nick);
		if (session == null) {
			return this.peers.kick(nick, reason) == Peers.Reach.SENT;
		}
		kickHere(session, reason);
		return true;
	}

	/**
	 * Disconnects the session on this server that holds the nick, if it still does and is
	 * the one meant ({@code connectionId}, or any when {@code null}).
	 * @return false if it is not here (any more)
	 */
	public boolean kickHere(String nick, @Nullable String connectionId, String reason) {
		Session session = this.nicks.find(nick);
		if (session == null || (connectionId != null && !connectionId.equals(session.connectionId()))) {
			return false;
		}
		kickHere(session, reason);
		return true;
	}

	private void kickHere(Session session, String reason) {
		session.quitMessage(clip(reason));
		Replies.errorAndClose(session, ErrorCode.KICKED, "You were disconnected by an operator: " + reason,
				CloseReason.KICKED);
	}

	/**
	 * Sends an operator's line to every session (on every server of a cluster), or to one
	 * room's members.
	 * @return how many sessions of this server it was queued for
	 */
	public int announce(String text, @Nullable String room) {
		Event.Info line = new Event.Info("[server] " + text);
		if (room != null) {
			return this.rooms.publish(NameRules.key(this.names.room(room)), Delivery.of(line), null);
		}
		this.peers.announce(line);
		return announceHere(line);
	}

	/**
	 * Sends a line to every session of this server only.
	 * @return how many it was queued for
	 */
	public int announceHere(Event.Info line) {
		Delivery delivery = Delivery.of(line);
		int sent = 0;
		for (Session session : this.registry.all()) {
			sent += session.deliver(delivery) ? 1 : 0;
		}
		return sent;
	}

	/**
	 * Sends an event to every session of this server that is in at least one room (once
	 * each), for example news that messages from other servers were lost.
	 * @return how many it was queued for
	 */
	public int tellRoomMembers(Event event) {
		Delivery delivery = Delivery.of(event);
		int sent = 0;
		for (Session session : this.registry.all()) {
			if (!session.rooms().isEmpty()) {
				sent += session.deliver(delivery) ? 1 : 0;
			}
		}
		return sent;
	}

	/**
	 * The session lost its nick to someone else (a cluster's lease expired while this
	 * server could not renew it): it becomes a guest again and is told why; its rooms see
	 * the change.
	 */
	public void lostNick(Session session, String why) {
		toGuest(session, new Event.Error(ErrorCode.NICK_IN_USE, why));
	}

	/**
	 * Renames the session on this server that holds the nick to a guest, if it still does
	 * and is the one meant ({@code connectionId}, or any when {@code null}), telling it
	 * why with the code: someone logged in to the nick's account.
	 * @return false if it is not here (any more)
	 */
	public boolean renameHere(String nick, @Nullable String connectionId, ErrorCode code, String why) {
		Session session = this.nicks.find(nick);
		if (session == null || (connectionId != null && !connectionId.equals(session.connectionId()))) {
			return false;
		}
		toGuest(session, new Event.Error(code, why));
		return true;
	}

	/**
	 * The session becomes a guest (its nick goes, and any account it was logged in to),
	 * told why first ({@code notice}); its rooms see the change. Runs as one of its
	 * commands.
	 */
	public void toGuest(Session session, Event notice) {
		session.act(() -> {
			String old = session.nick();
			String guest;
			do {
				guest = this.nicks.guest(this.guests.incrementAndGet());
			}
			while (!this.nicks.claim(guest, session));
			Replies.reply(session, notice);
			renamed(session, old, guest);
		});
	}

	/**
	 * The session, which has just claimed {@code nick} (through {@link Nicks#claim}),
	 * takes it: its old nick is freed and its rooms see the change.
	 */
	public void becomes(Session session, String nick) {
		if (!nick.equals(session.nick())) {
			renamed(session, session.nick(), nick);
		}
	}

	private void renamed(Session session, String old, String nick) {
		session.nick(nick);
		boolean changed = !NameRules.key(old).equals(NameRules.key(nick));
		if (changed) {
			this.nicks.release(old, session);
		}
		this.rooms.renamed(session, old);
		this.rooms.publishOnce(session.rooms(), Delivery.of(new Event.NickChanged(old, nick, false)), session);
		Replies.reply(session, new Event.NickChanged(old, nick, true));
		String account = session.account();
		if (changed && account != null && !NameRules.key(account).equals(NameRules.key(nick))) {
			session.account(null);
			Replies.reply(session, new Event.Account(null, "You are no longer logged in as " + account + "; /login "
					+ account + " PASSWORD to be " + account + " again."));
		}
	}

	/**
	 * Tells every session not yet closing the line, as the last thing it reads, then
	 * closes each once its output is flushed, allowing up to {@code flushWithin}.
	 * Sessions closed this way send no quit notices: everyone is leaving. Safe to call
	 * again for sessions opened since.
	 * @return how many sessions it closed
	 */
	public int closeAll(CloseReason reason, String line, Duration flushWithin) {
		Delivery delivery = Delivery.of(new Event.Info(line, true));
		int closed = 0;
		for (Session session : this.registry.all()) {
			if (!session.isClosing()) {
				session.close(reason, delivery, flushWithin);
				closed++;
			}
		}
		return closed;
	}

	/**
	 * The session leaves the server with this message; its rooms see it quit at once,
	 * before anything its members do next (IRC servers order it so), rather than when the
	 * connection's close is handled. Runs on the session's own thread, inside its
	 * command.
	 */
	public void quit(Session session, @Nullable String message) {
		if (message != null) {
			session.quitMessage(clip(message));
		}
		leaveEverything(session, CloseReason.QUIT);
		session.close(CloseReason.QUIT, Delivery.of(new Event.Info("Bye!")));
	}

	/**
	 * The session leaves with this message and no goodbye line of ours (its listener has
	 * sent its own, IRC's {@code ERROR}); its rooms see it quit at once, as for
	 * {@link #quit}.
	 */
	public void quitQuietly(Session session, @Nullable String message) {
		if (message != null) {
			session.quitMessage(clip(message));
		}
		leaveEverything(session, CloseReason.QUIT);
		session.close(CloseReason.QUIT);
	}

	/**
	 * Changes the session's nick; its rooms see the change, and it gets the change as
	 * confirmation.
	 * @throws ProtocolException {@code invalid_nick}, {@code reserved_nick} or
	 * {@code nick_in_use}
	 */
	public void nick(Session session, String wanted) {
		String nick = this.names.nick(wanted);
		String old = session.nick();
		if (nick.equals(old)) {
			Replies.info(session, "You are already " + nick + ".");
			return;
		}
		if (!isLoggedInTo(session, nick) && this.accounts.registered(nick) != null) {
			throw new ProtocolException(ErrorCode.NICK_REGISTERED, "The nick " + nick
					+ " is registered; if it is yours, /login " + nick + " PASSWORD, else pick another nick.");
		}
		if (!this.nicks.claim(nick, session)) {
			throw new ProtocolException(ErrorCode.NICK_IN_USE,
					"The nick " + nick + " is taken; pick another with /nick NAME.");
		}
		renamed(session, old, nick);
	}

	private static boolean isLoggedInTo(Session session, String nick) {
		String account = session.account();
		return account != null && NameRules.key(account).equals(NameRules.key(nick));
	}

	/**
	 * Joins a room (created if new); the members see it join, and the session gets the
	 * join as confirmation.
	 * @throws ProtocolException {@code invalid_room}, {@code too_many_rooms} or
	 * {@code invite_only}
	 */
	public void join(Session session, String wanted) {
		String name = this.names.room(wanted);
		String key = NameRules.key(name);
		if (session.isIn(key)) {
			session.joined(key);
			Replies.info(session, "You are now talking in #" + this.rooms.displayName(key) + ".");
			return;
		}
		if (session.rooms().size() >= this.chat.maxRoomsPerSession()) {
			throw new ProtocolException(ErrorCode.TOO_MANY_ROOMS,
					"You are in " + this.chat.maxRoomsPerSession() + " rooms, the most allowed; /leave one first.");
		}
		this.moderation.admit(session, key);
		enter(session, key, name);
	}

	private void enter(Session session, String key, String name) {
		int members = this.rooms.join(key, name, session);
		this.moderation.entered(session, key);
		session.joined(key);
		String shown = this.rooms.displayNameOr(key, name);
		this.rooms.publish(key, Delivery.of(new Event.Joined(shown, session.nick(), false, members)), session);
		Replies.reply(session, new Event.Joined(shown, session.nick(), true, members));
	}

	/**
	 * Leaves a room (default: the current one); the members see it leave, and the session
	 * gets the leave as confirmation.
	 * @throws ProtocolException {@code no_room}, {@code invalid_room} or
	 * {@code not_in_room}
	 */
	public void leave(Session session, @Nullable String wanted) {
		leave(session, wanted, null);
	}

	/**
	 * Leaves a room as {@link #leave(Session, String)} does, telling the members why
	 * ({@code reason} clipped like a quit message; blank or null: no reason).
	 */
	public void leave(Session session, @Nullable String wanted, @Nullable String reason) {
		String why = (reason != null && !reason.isBlank()) ? clip(reason) : null;
		String key = (wanted != null) ? NameRules.key(this.names.room(wanted)) : session.currentRoom();
		if (key == null) {
			throw new ProtocolException(ErrorCode.NO_ROOM, "You are not in any room; /join ROOM first.");
		}
		if (!session.isIn(key)) {
			throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "You are not in #" + wanted + ".");
		}
		boolean wasCurrent = key.equals(session.currentRoom());
		String shown = this.rooms.displayNameOr(key, key);
		this.rooms.leave(key, session);
		session.left(key);
		this.rooms.publish(key, Delivery.of(new Event.Left(shown, session.nick(), false, why)), session);
		Replies.reply(session, new Event.Left(shown, session.nick(), true, why));
		this.moderation.handOver(key);
		String current = session.currentRoom();
		// IRC clients keep their own current channel.
		if (wasCurrent && current != null && !session.format().isIrc()) {
			Replies.info(session, "You are now talking in #" + this.rooms.displayName(current) + ".");
		}
	}

	private static String quitText(Session session, CloseReason reason) {
		String message = session.quitMessage();
		return switch (reason) {
			case QUIT -> (message != null) ? "Quit: " + message : "Quit";
			case EOF -> "connection closed";
			case RESET -> "connection reset";
			case SLOW_CONSUMER -> "slow consumer";
			case KICKED -> (message != null) ? "Kicked: " + message : "kicked";
			case SHUTDOWN -> "server shutting down";
			case PING_TIMEOUT -> "Ping timeout";
			case SERVER_FULL, PROTOCOL, ERROR, FLOOD, TIMEOUT -> reason.wire();
		};
	}

	// By code point: a cut through a surrogate pair showed text readers '?' and gave JSON
	// readers a lone surrogate that strict parsers reject.
	private static String clip(String text) {
		return Unicode.clip(text, MAX_QUIT_MESSAGE);
	}

}
