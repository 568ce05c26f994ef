package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One connection's bytes as its listener's {@link Transport} carries them. The connection
 * reads {@link #input()} and its writer writes {@link #output()}; socket options,
 * addresses and the close stay on the accepted socket itself.
 */
interface Wire {

	InputStream input() throws IOException;

	OutputStream output() throws IOException;

	/**
	 * Prepares the wire before anything else is read or written, on the connection's
	 * reader thread: nothing for plain text; for TLS the check that the client speaks
	 * TLS, then the handshake, within the handshake timeout.
	 * @param maxNanos the longest this may take, if less than the transport's own timeout
	 * @return how it went; anything but {@link Opening#OPEN} closes the connection
	 */
	Opening open(long maxNanos);

	/**
	 * Ends the stream the way the protocol says, after the last byte was written and
	 * before the socket is closed (TLS: a close_notify). On the writer, never
	 * concurrently with a write; a failure is ignored, since the socket is being closed
	 * anyway.
	 */
	default void finish() {
	}

	/**
	 * For the watchdog: true once an opening in progress has run past its deadline (a
	 * handshake trickled in a byte at a time); the connection is then closed.
	 */
	default boolean overdue(long nowNanos) {
		return false;
	}

	/**
	 * @return whether the bytes are encrypted
	 * ({@link dev.switchboard.session.Outbound#isEncrypted()})
	 */
	default boolean encrypted() {
		return false;
	}

	/**
	 * How an opening ended; {@link #tag()} is the {@code outcome} tag of
	 * {@code switchboard.tls.handshakes}.
	 */
	enum Opening {

		/** Ready: the handshake finished (or there was none). */
		OPEN("ok"),
		/** The client closed or reset the connection before the handshake finished. */
		CLOSED("closed"),
		/**
		 * The client sent plain text (a person on nc, an HTTP request) to the TLS port.
		 */
		PLAINTEXT("plaintext"),
		/** The client sent nothing at all within the handshake timeout. */
		SILENT("timeout"),
		/** The handshake started and did not finish within the handshake timeout. */
		TIMEOUT("timeout"),
		/**
		 * The handshake failed: no common protocol or cipher, or the client refused us.
		 */
		FAILED("failed");

		private final String tag;

		Opening(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

}
