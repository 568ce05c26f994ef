package dev.switchboard.routing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.session.Session;

import org.springframework.stereotype.Component;

/**
 * A session takes a nick someone else may hold, as IRC services do when a user logs in to
 * a nick's account: the holder, on this server or another, is renamed to a guest and told
 * why, and the nick is claimed as soon as it is free. The holder is renamed on a thread
 * of its own, never under the taker's lock, so two sessions taking each other's nicks
 * cannot deadlock (they time out instead).
 */
@Component
public class NickTakeover {

	private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

	private static final long ASK_AGAIN_NANOS = Duration.ofMillis(500).toNanos();

	private final Nicks nicks;

	private final Peers peers;

	private final Presence presence;

	NickTakeover(Nicks nicks, Peers peers, Presence presence) {
		this.nicks = nicks;
		this.peers = peers;
		this.presence = presence;
	}

	/**
	 * Claims the nick for the session, renaming its holder to a guest first if there is
	 * one, and renames the session to it.
	 * @param why what the holder is told
	 * @return false if the nick was not free within {@code within}
	 */
	public boolean take(Session taker, String nick, String why, Duration within) {
		long start = System.nanoTime();
		long asked = start - ASK_AGAIN_NANOS;
		while (!this.nicks.claim(nick, taker)) {
			long now = System.nanoTime();
			if (now - start >= within.toNanos()) {
				return false;
			}
			if (now - asked >= ASK_AGAIN_NANOS) {
				askHolderToYield(nick, why);
				asked = now;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		this.presence.becomes(taker, nick);
		return true;
	}

	private void askHolderToYield(String nick, String why) {
		Session holder = this.nicks.find(nick);
		if (holder != null) {
			Thread.ofVirtual()
				.name("nick-takeover")
				.start(() -> this.presence.toGuest(holder, new Event.Error(ErrorCode.NICK_TAKEN_OVER, why)));
		}
		else {
			this.peers.renameToGuest(nick, why);
		}
	}

}
