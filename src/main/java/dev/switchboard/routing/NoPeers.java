package dev.switchboard.routing;

import java.util.List;

import dev.switchboard.protocol.Event;

import org.springframework.stereotype.Component;

/** A single node: there is nobody else, so a nick not found here is found nowhere. */
@Component
class NoPeers implements Peers {

	@Override
	public Reach direct(String nick, Event.Dm message) {
		return Reach.NO_SUCH_NICK;
	}

	@Override
	public Reach kick(String nick, String reason) {
		return Reach.NO_SUCH_NICK;
	}

	@Override
	public void announce(Event.Info line) {
	}

	@Override
	public List<String> nodes() {
		return List.of();
	}

}
