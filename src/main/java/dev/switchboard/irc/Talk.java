package dev.switchboard.irc;

import java.nio.charset.StandardCharsets;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.InboundText;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.Messages;
import dev.switchboard.routing.Rooms;
import org.jspecify.annotations.Nullable;

/**
 * {@code PRIVMSG} and {@code NOTICE} to a channel or a nick. A CTCP ACTION ({@code /me})
 * becomes an action for everyone; other CTCP requests are dropped, since text and JSON
 * users could not answer them. The text is sanitised as a text user's line is (IRC
 * formatting codes are control characters, so they go too). With {@code echo-message} the
 * sender gets the very delivery the recipients got. A {@code NOTICE} never gets an error
 * reply (RFC 2812 §3.3.2).
 */
final class Talk {

	private static final String ACTION = "\u0001ACTION ";

	private final Messages messages;

	private final Rooms rooms;

	private final Channels channels;

	private final IrcClients clients;

	Talk(Messages messages, Rooms rooms, Channels channels, IrcClients clients) {
		this.messages = messages;
		this.rooms = rooms;
		this.channels = channels;
		this.clients = clients;
	}

	void say(IrcClient client, IrcMessage message, boolean notice) {
		String verb = notice ? "NOTICE" : "PRIVMSG";
		if (message.params().isEmpty() || message.param(0).isEmpty()) {
			fail(client, notice, Numeric.ERR_NORECIPIENT, "No recipient given (" + verb + ")");
			return;
		}
		String raw = (message.params().size() > 1) ? message.param(1) : "";
		boolean action = raw.startsWith(ACTION);
		if (!action && raw.startsWith("\u0001")) {
			return;
		}
		String text = clean(action ? raw.substring(ACTION.length()).replace("\u0001", "") : raw);
		if (text.isBlank()) {
			fail(client, notice, Numeric.ERR_NOTEXTTOSEND, "No text to send");
			return;
		}
		String target = message.param(0);
		Delivery delivery = target.startsWith("#") ? toChannel(client, target, text, action, notice)
				: toNick(client, target, text, action, notice);
		if (delivery != null && client.caps().contains("echo-message")) {
			client.session().deliver(delivery);
		}
	}

	private @Nullable Delivery toChannel(IrcClient client, String channel, String text, boolean action,
			boolean notice) {
		String key = this.channels.key(channel);
		if (key == null || this.rooms.displayName(key) == null) {
			fail(client, notice, Numeric.ERR_NOSUCHCHANNEL, channel, "No such channel");
			return null;
		}
		try {
			return this.messages.say(client.session(), key, text, action, notice);
		}
		catch (ProtocolException ex) {
			if (ex.code() != ErrorCode.NOT_IN_ROOM && ex.code() != ErrorCode.NOT_OPERATOR) {
				throw ex;
			}
			fail(client, notice, Numeric.ERR_CANNOTSENDTOCHAN, channel, "Cannot send to channel");
			return null;
		}
	}

	private @Nullable Delivery toNick(IrcClient client, String nick, String text, boolean action, boolean notice) {
		try {
			Delivery delivery = this.messages.direct(client.session(), nick, text, action, notice);
			IrcClient target = this.clients.byNick(nick);
			String away = (target != null) ? target.away() : null;
			if (away != null && !notice) {
				client.numeric(Numeric.RPL_AWAY, target.nick(), away);
			}
			return delivery;
		}
		catch (ProtocolException ex) {
			if (ex.code() != ErrorCode.NO_SUCH_NICK) {
				throw ex;
			}
			fail(client, notice, Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
			return null;
		}
	}

	private static void fail(IrcClient client, boolean notice, Numeric numeric, String... params) {
		if (!notice) {
			client.numeric(numeric, params);
		}
	}

	private static String clean(String text) {
		return InboundText.decode(text.getBytes(StandardCharsets.UTF_8));
	}

}
