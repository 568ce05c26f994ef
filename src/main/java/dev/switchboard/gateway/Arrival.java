package dev.switchboard.gateway;

import dev.switchboard.session.Outbound;

/**
 * What a listener does with a connection it admitted, once the sniff window has passed
 * (on the connection's reader thread, before its first frame is handled): the chat
 * listeners greet a guest ({@code Presence.open}); the IRC listener waits for its client
 * to register.
 */
@FunctionalInterface
public interface Arrival {

	void open(String connectionId, String remoteAddress, Outbound outbound);

	/**
	 * Words the one line a connection gets when it is closed before it was admitted
	 * (server full, too many connections from its address, a drain, another protocol,
	 * plain text on a TLS port).
	 * @param line the chat port's wording: {@code "! "} and the error, or {@code "* "}
	 * and a notice
	 * @return the line to send; a listener speaking another protocol words it in that
	 * protocol
	 */
	default String refusal(String line) {
		return line;
	}

}
