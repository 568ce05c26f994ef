package dev.switchboard.session;

/**
 * The write side of one connection. Both methods return at once and never block on the
 * socket: bytes are queued and written by the connection's own writer, in order.
 */
public interface Outbound {

	/** Queues already-encoded bytes (one or more complete lines). */
	void send(byte[] frame);

	/** Writes everything queued so far, then closes the connection with this reason. */
	void close(CloseReason reason);

}
