package dev.switchboard.irc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.IrcEncoder;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * First stop for every frame from an IRC connection, on its reader thread: decodes UTF-8,
 * parses the message, applies the command table's checks ({@link Verb}: registered yet?
 * enough parameters?) and hands it to its handler. Frames the gateway makes itself
 * (over-long line, throttling, flood, line timeout, another protocol) get their IRC form.
 */
final class IrcFrames {

	private static final Log logger = LogFactory.getLog(IrcFrames.class);

	private static final Set<String> SAID = Set.of("PRIVMSG", "NOTICE", "TOPIC", "PART", "QUIT", "AWAY");

	private final IrcClients clients;

	private final IrcCommands commands;

	IrcFrames(IrcClients clients, IrcCommands commands) {
		this.clients = clients;
		this.commands = commands;
	}

	void handle(String connectionId, InboundFrame frame) {
		IrcClient client = this.clients.find(connectionId);
		if (client != null) {
			client.session().act(() -> handle(client, frame));
		}
	}

	private void handle(IrcClient client, InboundFrame frame) {
		switch (frame) {
			case InboundFrame.Line line -> line(client, line.bytes());
			case InboundFrame.Overlong overlong -> client.numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
			case InboundFrame.Interrupt interrupt -> {
			}
			case InboundFrame.Throttled throttled -> notice(client, "You are sending more than "
					+ throttled.linesPerSecond() + " lines a second; the server is slowing you down.");
			case InboundFrame.AddressThrottled throttled -> notice(client,
					"Connections from your address are sending too fast together; the server is slowing them down.");
			case InboundFrame.LineTimeout timeout ->
				close(client, "Line not finished within " + timeout.seconds() + " s", CloseReason.TIMEOUT);
			case InboundFrame.Flooding flooding -> close(client, "Excess Flood", CloseReason.FLOOD);
			case InboundFrame.Foreign foreign -> close(client, foreign.explanation(), CloseReason.PROTOCOL);
		}
	}

	private void line(IrcClient client, byte[] bytes) {
		client.heard();
		String text = utf8(bytes);
		boolean lossy = text == null;
		IrcMessage message = IrcMessage.parse(lossy ? new String(bytes, StandardCharsets.UTF_8) : text);
		if (message == null) {
			return;
		}
		// UTF8ONLY: what others would read is refused; elsewhere (a real name) the bad
		// bytes become U+FFFD, so registration still completes.
		if (lossy && SAID.contains(message.verb())) {
			client.fromServer("FAIL " + message.verb() + " INVALID_UTF8 :Message rejected, it was not UTF-8");
			return;
		}
		if (untaggedLength(bytes) > IrcEncoder.MAX_LINE - 2) {
			client.numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
			return;
		}
		try {
			this.commands.run(client, message);
		}
		catch (ProtocolException ex) {
			notice(client, ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle an IRC line from " + client.nick(), ex);
			notice(client, "Something went wrong on the server; that line was dropped.");
		}
	}

	private static @Nullable String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static int untaggedLength(byte[] bytes) {
		if (bytes.length == 0 || bytes[0] != '@') {
			return bytes.length;
		}
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == ' ') {
				return bytes.length - i - 1;
			}
		}
		return 0;
	}

	private static void notice(IrcClient client, String text) {
		client.fromServer("NOTICE " + client.target() + " :" + text);
	}

	private static void close(IrcClient client, String why, CloseReason reason) {
		client.send("ERROR :Closing Link: " + why);
		client.session().close(reason);
	}

}
