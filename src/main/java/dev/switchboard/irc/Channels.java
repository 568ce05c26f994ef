package dev.switchboard.irc;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.IrcEncoder;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Unicode;
import dev.switchboard.routing.Messages;
import dev.switchboard.routing.Moderation;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Privilege;
import dev.switchboard.routing.RoomModes;
import dev.switchboard.routing.RoomTopic;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * Channels are rooms: {@code #dev} is room {@code dev} for everyone. {@code JOIN},
 * {@code PART}, {@code NAMES}, {@code TOPIC} and {@code LIST}, translated into the
 * {@link Presence}, {@link Messages} and {@link Rooms} calls every listener uses; channel
 * operators' commands are {@link ChannelOperators}. A secret channel ({@code +s}) is
 * answered as if it did not exist to anyone not in it.
 */
final class Channels {

	private final Presence presence;

	private final Messages messages;

	private final Rooms rooms;

	private final NameRules names;

	private final Moderation moderation;

	private final ChannelOperators operators;

	Channels(Presence presence, Messages messages, Rooms rooms, NameRules names) {
		this.presence = presence;
		this.messages = messages;
		this.rooms = rooms;
		this.names = names;
		this.moderation = presence.moderation();
		this.operators = new ChannelOperators(this, this.moderation, rooms);
	}

	/** {@code MODE #channel}, {@code KICK} and {@code INVITE}. */
	ChannelOperators operators() {
		return this.operators;
	}

	/**
	 * @return the room key of a {@code #name}, or {@code null} if it is not a valid
	 * channel name
	 */
	@Nullable String key(String channel) {
		if (!channel.startsWith("#")) {
			return null;
		}
		try {
			return NameRules.key(this.names.room(channel));
		}
		catch (ProtocolException ex) {
			return null;
		}
	}

	/**
	 * @return the room key of {@code channel} if it names a room that exists (and is not
	 * secret, or has the client in it); otherwise {@code null}, after telling the client
	 * 403
	 */
	@Nullable String existing(IrcClient client, String channel) {
		String key = key(channel);
		if (key == null || this.rooms.displayName(key) == null || !this.moderation.isVisible(key, client.session())) {
			client.numeric(Numeric.ERR_NOSUCHCHANNEL, channel, "No such channel");
			return null;
		}
		return key;
	}

	void join(IrcClient client, IrcMessage message) {
		Session session = client.session();
		if (message.param(0).equals("0")) {
			for (String key : session.rooms()) {
				this.presence.leave(session, key);
			}
			return;
		}
		for (String channel : message.param(0).split(",")) {
			String key = key(channel);
			if (key == null) {
				client.numeric(Numeric.ERR_NOSUCHCHANNEL, channel, "No such channel");
			}
			else if (!session.isIn(key)) {
				joinOne(client, channel, key);
			}
		}
	}

	private void joinOne(IrcClient client, String channel, String key) {
		try {
			this.presence.join(client.session(), channel);
		}
		catch (ProtocolException ex) {
			switch (ex.code()) {
				case TOO_MANY_ROOMS ->
					client.numeric(Numeric.ERR_TOOMANYCHANNELS, channel, "You have joined too many channels");
				case INVITE_ONLY -> client.numeric(Numeric.ERR_INVITEONLYCHAN, channel, "Cannot join channel (+i)");
				default -> throw ex;
			}
			return;
		}
		String shown = "#" + this.rooms.displayNameOr(key, key);
		RoomTopic topic = this.rooms.topic(key);
		if (topic != null) {
			topic(client, shown, topic);
		}
		names(client, shown, key);
	}

	void part(IrcClient client, IrcMessage message) {
		for (String channel : message.param(0).split(",")) {
			String key = existing(client, channel);
			if (key == null) {
				continue;
			}
			if (!client.session().isIn(key)) {
				client.numeric(Numeric.ERR_NOTONCHANNEL, channel, "You're not on that channel");
			}
			else {
				this.presence.leave(client.session(), key, message.textOrNull(1));
			}
		}
	}

	void names(IrcClient client, IrcMessage message) {
		if (message.params().isEmpty()) {
			client.numeric(Numeric.RPL_ENDOFNAMES, "*", "End of /NAMES list");
			return;
		}
		for (String channel : message.param(0).split(",")) {
			String key = key(channel);
			if (key != null && this.rooms.displayName(key) != null
					&& this.moderation.isVisible(key, client.session())) {
				names(client, "#" + this.rooms.displayNameOr(key, key), key);
			}
			else {
				client.numeric(Numeric.RPL_ENDOFNAMES, channel, "End of /NAMES list");
			}
		}
	}

	// 353 lines cut to fit 512 bytes; nicks are ASCII (NameRules). "@" marks a secret
	// channel (RFC 2812 §3.2.5).
	private void names(IrcClient client, String channel, String key) {
		int budget = 400 - channel.length();
		StringBuilder line = new StringBuilder();
		boolean full = client.caps().contains("userhost-in-names");
		RoomModes modes = this.rooms.modes(key);
		String symbol = (modes != null && modes.secret()) ? "@" : "=";
		Set<String> operators = keys(this.rooms.holders(key, Privilege.OPERATOR));
		Set<String> voiced = keys(this.rooms.holders(key, Privilege.VOICE));
		boolean multi = client.caps().contains("multi-prefix");
		for (String name : this.rooms.nicks(key)) {
			String nick = prefix(operators.contains(NameRules.key(name)), voiced.contains(NameRules.key(name)), multi)
					+ (full ? IrcEncoder.source(name) : name);
			if (!line.isEmpty() && line.length() + 1 + nick.length() > budget) {
				client.numeric(Numeric.RPL_NAMREPLY, symbol, channel, line.toString());
				line.setLength(0);
			}
			line.append(line.isEmpty() ? "" : " ").append(nick);
		}
		if (!line.isEmpty()) {
			client.numeric(Numeric.RPL_NAMREPLY, symbol, channel, line.toString());
		}
		client.numeric(Numeric.RPL_ENDOFNAMES, channel, "End of /NAMES list");
	}

	void topic(IrcClient client, IrcMessage message) {
		String channel = message.param(0);
		String key = existing(client, channel);
		if (key == null) {
			return;
		}
		String shown = "#" + this.rooms.displayNameOr(key, key);
		if (message.params().size() < 2) {
			RoomTopic topic = this.rooms.topic(key);
			if (topic != null) {
				topic(client, shown, topic);
			}
			else {
				client.numeric(Numeric.RPL_NOTOPIC, shown, "No topic is set");
			}
			return;
		}
		if (!client.session().isIn(key) && !client.operator()) {
			client.numeric(Numeric.ERR_NOTONCHANNEL, channel, "You're not on that channel");
			return;
		}
		try {
			this.messages.topic(client.session(), key, Unicode.clip(message.text(1), Isupport.TOPICLEN),
					client.operator());
		}
		catch (ProtocolException ex) {
			if (ex.code() != ErrorCode.NOT_OPERATOR) {
				throw ex;
			}
			client.numeric(Numeric.ERR_CHANOPRIVSNEEDED, shown, "You're not channel operator");
		}
	}

	/**
	 * A member's prefixes: {@code @} operator, {@code +} voiced; with
	 * {@code multi-prefix} both, else the higher.
	 */
	static String prefix(boolean operator, boolean voiced, boolean multi) {
		if (multi) {
			return (operator ? "@" : "") + (voiced ? "+" : "");
		}
		return operator ? "@" : voiced ? "+" : "";
	}

	/** Nick keys, for "is this member one of them". */
	static Set<String> keys(List<String> nicks) {
		return nicks.stream().map(NameRules::key).collect(Collectors.toSet());
	}

	private static void topic(IrcClient client, String channel, RoomTopic topic) {
		client.numeric(Numeric.RPL_TOPIC, channel, topic.text());
		client.numeric(Numeric.RPL_TOPICWHOTIME, channel, topic.nick(), String.valueOf(topic.setAt()));
	}

	void list(IrcClient client, IrcMessage message) {
		client.numeric(Numeric.RPL_LISTSTART, "Channel", "Users  Name");
		List<String> wanted = message.params().isEmpty() ? null
				: List.of(message.param(0).split(",")).stream().map(this::key).toList();
		for (Event.RoomCount room : this.rooms.counts()) {
			String key = NameRules.key(room.room());
			if ((wanted == null || wanted.contains(key)) && this.moderation.isVisible(key, client.session())) {
				RoomTopic topic = this.rooms.topic(key);
				client.numeric(Numeric.RPL_LIST, "#" + room.room(), String.valueOf(room.members()),
						(topic != null) ? topic.text() : "");
			}
		}
		client.numeric(Numeric.RPL_LISTEND, "End of /LIST");
	}

}
