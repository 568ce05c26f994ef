package dev.switchboard.routing;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Saying things: lines to a room, direct messages and room topics, for every listener
 * (the text commands and IRC's {@code PRIVMSG}, {@code NOTICE} and {@code TOPIC}). Each
 * event is built once and published to every recipient, who gets it in its own format.
 */
@Component
public class Messages {

	private final Rooms rooms;

	private final Nicks nicks;

	private final Peers peers;

	private final ChatMetrics metrics;

	Messages(Rooms rooms, Nicks nicks, Peers peers, ChatMetrics metrics) {
		this.rooms = rooms;
		this.nicks = nicks;
		this.peers = peers;
		this.metrics = metrics;
	}

	/**
	 * Says the text in a room the session is in, to every other member.
	 * @return the delivery (for an IRC {@code echo-message})
	 * @throws ProtocolException {@code not_in_room} if the session is not a member and
	 * the room is {@code +n}; {@code not_operator} in a moderated room ({@code +m}) if it
	 * is neither an operator nor voiced
	 */
	public Delivery say(Session session, String key, String text, boolean action, boolean notice) {
		RoomModes modes = this.rooms.modes(key);
		if (!session.isIn(key) && (modes == null || modes.noOutside())) {
			throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "You are not in #" + key + "; /join it first.");
		}
		if (modes != null && modes.moderated() && !this.rooms.has(key, session, Privilege.OPERATOR)
				&& !this.rooms.has(key, session, Privilege.VOICE)) {
			throw new ProtocolException(ErrorCode.NOT_OPERATOR, "#" + this.rooms.displayNameOr(key, key)
					+ " is moderated (+m): only its operators and voiced members (+v) talk there; nobody heard that.");
		}
		Event message = new Event.Message(this.rooms.displayNameOr(key, key), session.nick(), text, action,
				session.account(), notice);
		Delivery delivery = Delivery.of(message);
		this.metrics.delivered(this.rooms.publish(key, delivery, session));
		return delivery;
	}

	/**
	 * Sends a direct message to whoever holds the nick, on this server or another.
	 * @return the delivery (for an IRC {@code echo-message}), or {@code null} if it went
	 * to another server
	 * @throws ProtocolException {@code no_such_nick} or {@code unavailable}
	 */
	public @Nullable Delivery direct(Session session, String nick, String text, boolean action, boolean notice) {
		Session target = this.nicks.find(nick);
		Event.Dm dm = new Event.Dm(session.nick(), text, session.account(), (target != null) ? target.nick() : nick,
				action, notice);
		if (target == null) {
			switch (this.peers.direct(nick, dm)) {
				case SENT -> this.metrics.delivered(1);
				case NO_SUCH_NICK -> {
					this.metrics.dropped(ChatMetrics.DropReason.NO_SUCH_NICK);
					throw new ProtocolException(ErrorCode.NO_SUCH_NICK,
							"Nobody is called " + nick + "; /who lists a room.");
				}
				case UNAVAILABLE ->
					throw new ProtocolException(ErrorCode.UNAVAILABLE, "Cannot reach the other servers right now, so "
							+ nick + " did not get that; try again shortly.");
			}
			return null;
		}
		Delivery delivery = Delivery.of(dm);
		if (target.deliver(delivery)) {
			this.metrics.delivered(1);
		}
		else {
			this.metrics.dropped(ChatMetrics.DropReason.RECIPIENT_CLOSING);
		}
		return delivery;
	}

	/**
	 * Sets or clears ({@code text} empty) the topic of a room the session is in; every
	 * member, the setter included, gets the change.
	 * @throws ProtocolException {@code not_in_room} if the session is not a member
	 */
	public void topic(Session session, String key, String text) {
		topic(session, key, text, false);
	}

	/**
	 * Sets or clears the topic as {@link #topic(Session, String, String)} does; in a
	 * {@code +t} room only its operators may, or a server operator ({@code override}).
	 * @throws ProtocolException {@code not_in_room} or {@code not_operator}
	 */
	public void topic(Session session, String key, String text, boolean override) {
		if (!session.isIn(key) && !override) {
			throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "You are not in #" + key + "; /join it first.");
		}
		RoomModes modes = this.rooms.modes(key);
		if (modes != null && modes.topicByOperators() && !override
				&& !this.rooms.has(key, session, Privilege.OPERATOR)) {
			String room = this.rooms.displayNameOr(key, key);
			throw new ProtocolException(ErrorCode.NOT_OPERATOR,
					"Only operators of #" + room + " may set its topic (mode +t); /mode #" + room + " lists them.");
		}
		RoomTopic topic = text.isEmpty() ? null
				: new RoomTopic(text, session.nick(), System.currentTimeMillis() / 1000);
		this.rooms.topic(key, topic);
		this.rooms.publish(key, Delivery.of(new Event.Topic(this.rooms.displayNameOr(key, key), session.nick(), text)),
				null);
	}

}
