package dev.switchboard.account;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.Event;
import dev.switchboard.session.Session;

/** Answers to the session that sent an account command. */
final class Replies {

	private Replies() {
	}

	static void reply(Session session, Event event) {
		session.deliver(Delivery.of(event));
	}

	static void info(Session session, String text) {
		reply(session, new Event.Info(text));
	}

}
