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

}
