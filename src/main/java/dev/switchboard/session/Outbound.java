package dev.switchboard.session;

import java.util.function.LongConsumer;

import dev.switchboard.protocol.OutboundFrame;

/**
 * The write side of one connection. Both methods return at once and never block on the
 * socket: bytes are queued and written by the connection's own writer, in order.
 */
public interface Outbound {

	/**
	 * Queues an already-encoded frame.
	 * @return false if the frame was not queued (the connection is closing)
	 */
	boolean send(OutboundFrame frame);

	/** Writes everything queued so far, then closes the connection with this reason. */
	void close(CloseReason reason);

	/**
	 * Registers who to tell, once the queue has drained, how many frames were dropped
	 * because this connection read too slowly (slow-consumer policy {@code drop}).
	 */
	void whenCaughtUp(LongConsumer missedListener);

	/** Bytes read from this connection so far. */
	long bytesReceived();

	/** Bytes written to this connection so far. */
	long bytesSent();

	/** Bytes queued for this connection and not yet written. */
	long queuedBytes();

}
