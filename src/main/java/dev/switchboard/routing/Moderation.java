package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Unicode;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Room operators and modes, for every listener (text {@code /kick}, {@code /mode},
 * {@code /op}, {@code /invite}; IRC {@code KICK}, {@code MODE}, {@code INVITE}). The
 * first member of a new room is its operator; when a member leaves a room left with no
 * operator, its longest-present member becomes one, so a room is never stuck with
 * {@code +t} or {@code +i} and nobody to lift them. {@code override} is for server
 * operators (IRC {@code OPER}), who may act as an operator of any room. Each change is
 * one event published to the room, encoded once per format. docs/IRC.md "Room operators
 * and modes".
 */
@Component
public class Moderation {

	private static final int MAX_REASON = 200;

	private final Rooms rooms;

	private final Nicks nicks;

	private final @Nullable String lobby;

	Moderation(Rooms rooms, Nicks nicks, ChatProperties chat) {
		this.rooms = rooms;
		this.nicks = nicks;
		this.lobby = chat.autoJoin() ? NameRules.key(chat.defaultRoom()) : null;
	}

	/**
	 * The room every new text session is put in has no room operators: a guest who
	 * happened to connect first must not be able to lock or empty it. Server operators
	 * still moderate it, and may make someone its operator.
	 */
	void entered(Session session, String key) {
		if (key.equals(this.lobby)) {
			this.rooms.grant(key, session, Privilege.OPERATOR, false);
		}
	}

	/**
	 * @return true if the session may act as an operator of the room
	 */
	public boolean mayModerate(Session session, String key, boolean override) {
		return override || this.rooms.has(key, session, Privilege.OPERATOR);
	}

	/**
	 * @return true if someone holds the nick, on this server or another
	 */
	public boolean isOnline(String nick) {
		return this.nicks.find(nick) != null || this.nicks.isTaken(nick);
	}

	/**
	 * @return false for a secret room ({@code +s}) the viewer is not in: lists leave it
	 * out and it answers as if it did not exist
	 */
	public boolean isVisible(String key, Session viewer) {
		RoomModes modes = this.rooms.modes(key);
		return modes == null || !modes.secret() || viewer.isIn(key);
	}

	/**
	 * Refuses a join of an invite-only room without an invitation; uses the invitation.
	 * @throws ProtocolException {@code invite_only}
	 */
	void admit(Session session, String key) {
		RoomModes modes = this.rooms.modes(key);
		if (modes != null && modes.inviteOnly() && !this.rooms.takeInvitation(key, session.nick())) {
			throw new ProtocolException(ErrorCode.INVITE_ONLY, "#" + this.rooms.displayNameOr(key, key)
					+ " is invite-only; ask one of its operators to /invite " + session.nick() + ".");
		}
	}

	/**
	 * A member left the room (it left, quit or was kicked): if nobody in it is an
	 * operator now, its longest-present member becomes one, and the room is told.
	 */
	void handOver(String key) {
		if (key.equals(this.lobby)) {
			return;
		}
		Session promoted = this.rooms.handOver(key);
		if (promoted != null) {
			Event change = new Event.ModeChanged(this.rooms.displayNameOr(key, key), null, "+o",
					List.of(promoted.nick()));
			this.rooms.publish(key, Delivery.of(change), null);
		}
	}

	/**
	 * Removes a member from the room: the room, the kicker included, sees it, and the
	 * kicked member is told by whom and why ({@code reason}, or the kicker's nick).
	 * @throws ProtocolException {@code invalid_room}, {@code not_operator},
	 * {@code no_such_nick} or {@code user_not_in_room}
	 */
	public void kick(Session by, String key, String nick, @Nullable String reason, boolean override) {
		String room = requireOperator(by, key, override);
		Session target = member(key, room, nick);
		String why = (reason == null || reason.isBlank()) ? by.nick() : Unicode.clip(reason, MAX_REASON);
		// Out of the room before anyone is told, so nobody (the kicked member included)
		// sees it there after the news. Not under the target's lock: two operators
		// kicking each other must not deadlock; the room list is copy-on-write, and a
		// concurrent leave is a no-op.
		this.rooms.leave(key, target);
		target.left(key);
		this.rooms.publish(key, Delivery.of(new Event.Kicked(room, target.nick(), by.nick(), why, false)), null);
		target.deliver(Delivery.of(new Event.Kicked(room, target.nick(), by.nick(), why, true)));
		handOver(key);
	}

	/**
	 * Applies mode changes; every member, the operator included, gets one event with the
	 * changes that changed something (none: no event).
	 * @return the changes that changed something
	 * @throws ProtocolException {@code invalid_room}, {@code not_operator},
	 * {@code no_such_nick} or {@code user_not_in_room} (then nothing changed)
	 */
	public List<ModeChange> mode(Session by, String key, List<ModeChange> changes, boolean override) {
		String room = requireOperator(by, key, override);
		List<Session> targets = new ArrayList<>();
		for (ModeChange change : changes) {
			if (change.nick() != null) {
				targets.add(member(key, room, change.nick()));
			}
		}
		List<ModeChange> applied = new ArrayList<>();
		int next = 0;
		for (ModeChange change : changes) {
			if (change.nick() != null) {
				Session target = targets.get(next++);
				boolean changed = this.rooms.grant(key, target, Privilege.of(change.mode()), change.on());
				if (changed) {
					applied.add(new ModeChange(change.on(), change.mode(), target.nick()));
				}
			}
			else {
				RoomModes before = this.rooms.modes(key, (modes) -> modes.with(change.mode(), change.on()));
				if (before != null && before.has(change.mode()) != change.on()) {
					applied.add(change);
				}
			}
		}
		if (!applied.isEmpty()) {
			List<String> rendered = ModeChange.render(applied);
			Event event = new Event.ModeChanged(room, by.nick(), rendered.get(0),
					List.copyOf(rendered.subList(1, rendered.size())));
			this.rooms.publish(key, Delivery.of(event), null);
		}
		return applied;
	}

	/**
	 * @return the room's modes and operators
	 * @throws ProtocolException {@code invalid_room} (also for a secret room the viewer
	 * is not in)
	 */
	public Event.Modes modes(Session viewer, String key) {
		String room = this.rooms.displayName(key);
		RoomModes modes = this.rooms.modes(key);
		if (room == null || !isVisible(key, viewer)) {
			throw noSuchRoom(key);
		}
		return new Event.Modes(room, (modes != null) ? modes.letters() : RoomModes.DEFAULT.letters(),
				this.rooms.holders(key, Privilege.OPERATOR));
	}

	/**
	 * Invites a user to a room the inviter is in: it may then join once, even while the
	 * room is invite-only. Of an invite-only room, only operators may invite.
	 * @return the invited session
	 * @throws ProtocolException {@code invalid_room}, {@code not_in_room},
	 * {@code not_operator}, {@code no_such_nick} or {@code already_in_room}
	 */
	public Session invite(Session by, String key, String nick, boolean override) {
		String room = this.rooms.displayName(key);
		if (room == null || !isVisible(key, by)) {
			throw noSuchRoom(key);
		}
		if (!by.isIn(key) && !override) {
			throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "You are not in #" + room + "; /join it first.");
		}
		RoomModes modes = this.rooms.modes(key);
		if (modes != null && modes.inviteOnly() && !mayModerate(by, key, override)) {
			throw notOperator(room);
		}
		Session target = this.nicks.find(nick);
		if (target == null) {
			throw new ProtocolException(ErrorCode.NO_SUCH_NICK, "Nobody is called " + nick + " here.");
		}
		if (target.isIn(key)) {
			throw new ProtocolException(ErrorCode.ALREADY_IN_ROOM, target.nick() + " is already in #" + room + ".");
		}
		this.rooms.invite(key, target.nick());
		target.deliver(Delivery.of(new Event.Invited(room, by.nick(), target.nick())));
		return target;
	}

	private String requireOperator(Session by, String key, boolean override) {
		String room = this.rooms.displayName(key);
		if (room == null || !isVisible(key, by)) {
			throw noSuchRoom(key);
		}
		if (!mayModerate(by, key, override)) {
			throw notOperator(room);
		}
		return room;
	}

	private Session member(String key, String room, String nick) {
		Session target = this.rooms.member(key, nick);
		if (target != null) {
			return target;
		}
		if (!isOnline(nick)) {
			throw new ProtocolException(ErrorCode.NO_SUCH_NICK, "Nobody is called " + nick + ".");
		}
		throw new ProtocolException(ErrorCode.USER_NOT_IN_ROOM, nick + " is not in #" + room + ".");
	}

	static ProtocolException notOperator(String room) {
		return new ProtocolException(ErrorCode.NOT_OPERATOR,
				"You are not an operator of #" + room + "; /mode #" + room + " lists them.");
	}

	private static ProtocolException noSuchRoom(String key) {
		return new ProtocolException(ErrorCode.INVALID_ROOM, "There is no room #" + key + "; /rooms lists them.");
	}

}
