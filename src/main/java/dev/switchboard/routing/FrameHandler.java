package dev.switchboard.routing;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.CommandParser;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.InboundText;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * First stop for every inbound frame: decodes and parses lines, turns client mistakes
 * into error lines (the connection stays open) and ends sessions that interrupt or speak
 * another protocol. Runs on the connection's reader thread, so one session's frames are
 * handled in order.
 */
@Component
public class FrameHandler {

	/**
	 * The channel the gateway sends every inbound frame to, with its connection id
	 * header.
	 */
	public static final String CHANNEL = "frames";

	private static final Log logger = LogFactory.getLog(FrameHandler.class);

	private final SessionRegistry registry;

	private final CommandHandler commands;

	private final Presence presence;

	private final ChatMetrics metrics;

	FrameHandler(SessionRegistry registry, CommandHandler commands, Presence presence, ChatMetrics metrics) {
		this.registry = registry;
		this.commands = commands;
		this.presence = presence;
		this.metrics = metrics;
	}

	public void handle(String connectionId, InboundFrame frame) {
		Session session = this.registry.find(connectionId);
		if (session != null) {
			session.act(() -> handle(session, connectionId, frame));
		}
	}

	private void handle(Session session, String connectionId, InboundFrame frame) {
		try {
			dispatch(session, frame);
		}
		catch (ProtocolException ex) {
			if (ex.code() == ErrorCode.INVALID_UTF8) {
				this.metrics.dropped(ChatMetrics.DropReason.INVALID_UTF8);
			}
			Replies.error(session, ex.code(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle a frame from " + session.nick() + " (" + connectionId + ")", ex);
			Replies.error(session, ErrorCode.INTERNAL, "Something went wrong on the server; that line was dropped.");
		}
	}

	private void dispatch(Session session, InboundFrame frame) {
		switch (frame) {
			case InboundFrame.Line line -> {
				Command command = CommandParser.parse(InboundText.decode(line.bytes()));
				if (command != null) {
					this.commands.handle(session, command);
				}
			}
			case InboundFrame.Overlong overlong -> tooLong(session, overlong.limit());
			case InboundFrame.Interrupt interrupt -> this.presence.quit(session, "interrupted");
			case InboundFrame.Throttled throttled -> Replies.info(session, "You are sending more than "
					+ throttled.linesPerSecond() + " lines a second; the server is slowing you down.");
			case InboundFrame.AddressThrottled throttled ->
				Replies.info(session, "Connections from your address are sending more than "
						+ throttled.bytesPerSecond() + " bytes a second together; the server is slowing them down.");
			case InboundFrame.LineTimeout timeout -> {
				Replies.errorAndClose(session, ErrorCode.LINE_TIMEOUT,
						"Disconnected: a line was started and not finished within " + timeout.seconds()
								+ " s; end every line with Enter (LF).",
						CloseReason.TIMEOUT);
			}
			case InboundFrame.Flooding flooding -> {
				Replies.errorAndClose(session, ErrorCode.FLOODING,
						"Disconnected: you kept sending too fast for " + flooding.seconds() + " s.", CloseReason.FLOOD);
			}
			case InboundFrame.Foreign foreign -> {
				Replies.errorAndClose(session, ErrorCode.NOT_CHAT_PROTOCOL, foreign.explanation(),
						CloseReason.PROTOCOL);
			}
		}
	}

	private void tooLong(Session session, int limit) {
		this.metrics.dropped(ChatMetrics.DropReason.LINE_TOO_LONG);
		Replies.error(session, ErrorCode.LINE_TOO_LONG,
				"Line too long (over " + limit + " bytes): not sent, and the rest of it is discarded.");
	}

}
