package dev.switchboard.irc;

import dev.switchboard.gateway.Arrival;
import dev.switchboard.session.Outbound;

/**
 * What the IRC listeners do with a connection: an admitted one waits to register
 * ({@link IrcClients#arrive}); one refused before that (server full, too many from its
 * address, a drain, another protocol, plain text on the IRC-over-TLS port) gets the
 * reason as IRC's {@code ERROR :Closing Link: …}, which IRC clients show, instead of the
 * chat port's {@code ! …} line.
 */
record IrcArrival(IrcClients clients) implements Arrival {

	@Override
	public void open(String connectionId, String remoteAddress, Outbound outbound) {
		this.clients.arrive(connectionId, remoteAddress, outbound);
	}

	@Override
	public String refusal(String line) {
		String text = (line.startsWith("! ") || line.startsWith("* ")) ? line.substring(2) : line;
		return "ERROR :Closing Link: " + text;
	}

}
