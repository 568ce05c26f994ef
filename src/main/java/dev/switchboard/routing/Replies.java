package dev.switchboard.routing;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Session;

/**
 * Answers to the session that sent the command; public for the feature packages whose
 * commands routing hands on (accounts).
 */
public final class Replies {

	private Replies() {
	}

	public static void reply(Session session, Event event) {
		session.deliver(Delivery.of(event));
	}

	public static void info(Session session, String text) {
		reply(session, new Event.Info(text));
	}

	static void error(Session session, ErrorCode code, String text) {
		reply(session, new Event.Error(code, text));
	}

	/** Sends the error as the last line the session gets, then closes it. */
	static void errorAndClose(Session session, ErrorCode code, String text, CloseReason reason) {
		session.close(reason, Delivery.of(new Event.Error(code, text)));
	}

}
