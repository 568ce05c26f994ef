package dev.switchboard.irc;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.ModeChange;
import dev.switchboard.routing.Moderation;
import dev.switchboard.routing.RoomModes;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * Channel operators' commands (modern.ircdocs.horse "Channel Operators"): {@code MODE
 * #channel} (query, {@code +o}/{@code -o nick}, the flags {@code i n s t}), {@code KICK}
 * and {@code INVITE}, translated into {@link Moderation}, which text and JSON users reach
 * through {@code /mode}, {@code /kick} and {@code /invite}. An IRC operator
 * ({@code OPER}) acts as an operator of every channel.
 */
final class ChannelOperators {

	private final Channels channels;

	private final Moderation moderation;

	private final Rooms rooms;

	ChannelOperators(Channels channels, Moderation moderation, Rooms rooms) {
		this.channels = channels;
		this.moderation = moderation;
		this.rooms = rooms;
	}

	void mode(IrcClient client, IrcMessage message) {
		String channel = message.param(0);
		String key = this.channels.existing(client, channel);
		if (key == null) {
			return;
		}
		String shown = "#" + this.rooms.displayNameOr(key, key);
		if (message.params().size() < 2) {
			RoomModes modes = this.rooms.modes(key);
			client.numeric(Numeric.RPL_CHANNELMODEIS, shown, (modes != null) ? modes.letters() : "+");
			client.numeric(Numeric.RPL_CREATIONTIME, shown, String.valueOf(this.rooms.created(key)));
			return;
		}
		String letters = message.param(1);
		if ((letters.equals("b") || letters.equals("+b")) && message.params().size() == 2) {
			client.numeric(Numeric.RPL_ENDOFBANLIST, shown, "End of channel ban list");
			return;
		}
		List<ModeChange> changes = ModeChange.parse(
				letters, message.params().subList(2, message.params().size()), (unknown) -> client
					.numeric(Numeric.ERR_UNKNOWNMODE, String.valueOf(unknown), "is unknown mode char to me"),
				(missing) -> {
				});
		if (changes.isEmpty()) {
			return;
		}
		if (!this.moderation.mayModerate(client.session(), key, client.operator())) {
			client.numeric(Numeric.ERR_CHANOPRIVSNEEDED, shown, "You're not channel operator");
			return;
		}
		List<ModeChange> possible = new ArrayList<>();
		for (ModeChange change : changes) {
			if (change.nick() == null || isMember(client, shown, key, change.nick())) {
				possible.add(change);
			}
		}
		this.moderation.mode(client.session(), key, possible, client.operator());
	}

	/** {@code KICK #a[,#b] nick[,nick] [:reason]}: one channel for all, or one each. */
	void kick(IrcClient client, IrcMessage message) {
		String[] channels = message.param(0).split(",");
		String[] nicks = message.param(1).split(",");
		for (int i = 0; i < nicks.length; i++) {
			String channel = (channels.length == 1) ? channels[0] : (i < channels.length) ? channels[i] : null;
			if (channel == null) {
				return;
			}
			kickOne(client, channel, nicks[i], message.textOrNull(2));
		}
	}

	private void kickOne(IrcClient client, String channel, String nick, @Nullable String reason) {
		String key = this.channels.existing(client, channel);
		if (key == null) {
			return;
		}
		Session session = client.session();
		String shown = "#" + this.rooms.displayNameOr(key, key);
		if (!session.isIn(key) && !client.operator()) {
			client.numeric(Numeric.ERR_NOTONCHANNEL, shown, "You're not on that channel");
		}
		else if (!this.moderation.mayModerate(session, key, client.operator())) {
			client.numeric(Numeric.ERR_CHANOPRIVSNEEDED, shown, "You're not channel operator");
		}
		else if (isMember(client, shown, key, nick)) {
			this.moderation.kick(session, key, nick, reason, client.operator());
		}
	}

	/**
	 * {@code INVITE nick #channel}: 341 to the inviter, {@code INVITE} to the invited.
	 */
	void invite(IrcClient client, IrcMessage message) {
		String nick = message.param(0);
		String channel = message.param(1);
		String key = this.channels.existing(client, channel);
		if (key == null) {
			return;
		}
		String shown = "#" + this.rooms.displayNameOr(key, key);
		try {
			Session invited = this.moderation.invite(client.session(), key, nick, client.operator());
			client.numeric(Numeric.RPL_INVITING, invited.nick(), shown);
		}
		catch (ProtocolException ex) {
			switch (ex.code()) {
				case NOT_IN_ROOM -> client.numeric(Numeric.ERR_NOTONCHANNEL, shown, "You're not on that channel");
				case NOT_OPERATOR -> client.numeric(Numeric.ERR_CHANOPRIVSNEEDED, shown, "You're not channel operator");
				case NO_SUCH_NICK -> client.numeric(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
				case ALREADY_IN_ROOM -> client.numeric(Numeric.ERR_USERONCHANNEL, nick, shown, "is already on channel");
				default -> throw ex;
			}
		}
	}

	// 441 for a nick that is online elsewhere, 401 for one nobody has.
	private boolean isMember(IrcClient client, String shown, String key, String nick) {
		if (this.rooms.member(key, nick) != null) {
			return true;
		}
		if (this.moderation.isOnline(nick)) {
			client.numeric(Numeric.ERR_USERNOTINCHANNEL, nick, shown, "They aren't on that channel");
		}
		else {
			client.numeric(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
		}
		return false;
	}

}
