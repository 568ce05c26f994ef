package dev.switchboard.session;

import java.time.Duration;
import java.util.function.LongFunction;

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

	/**
	 * Writes everything queued so far, then closes the connection with this reason,
	 * waiting at most {@code switchboard.outbound.close-grace} for the flush.
	 */
	void close(CloseReason reason);

	/**
	 * Writes everything queued so far and then {@code last}, the last frame the client
	 * gets, then closes, waiting at most {@code switchboard.outbound.close-grace}.
	 */
	void close(CloseReason reason, OutboundFrame last);

	/**
	 * Writes everything queued so far and then {@code last}, which is the last frame the
	 * client gets whatever else is sent meanwhile, then closes; the flush may take up to
	 * {@code flushWithin} (a drain's grace) before the socket is closed regardless.
	 */
	void close(CloseReason reason, OutboundFrame last, Duration flushWithin);

	/**
	 * @return true once no more frames are accepted: the connection is closing or closed,
	 * for any reason (a slow-consumer cut included)
	 */
	boolean isClosed();

	/**
	 * Registers how to word the report sent once the queue has drained, saying how many
	 * frames were dropped because this connection read too slowly (slow-consumer policy
	 * {@code drop}). The outbox queues the report itself, even over its limit, so the
	 * count it carries is never lost.
	 */
	void whenCaughtUp(LongFunction<OutboundFrame> missedReport);

	/**
	 * @return true when this connection is encrypted (it came in on the TLS listener), so
	 * what it sends, a password included, did not cross the network in clear text
	 */
	default boolean isEncrypted() {
		return false;
	}

	/** Bytes read from this connection so far. */
	long bytesReceived();

	/** Bytes written to this connection so far. */
	long bytesSent();

	/** Bytes queued for this connection and not yet written. */
	long queuedBytes();

}
