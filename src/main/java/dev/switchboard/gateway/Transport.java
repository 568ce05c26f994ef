package dev.switchboard.gateway;

import java.io.IOException;
import java.net.Socket;

/**
 * How a listener carries the bytes of the sockets it accepts: as they are
 * ({@link #PLAIN}) or inside TLS ({@link TlsTransport}). It is the only thing that
 * differs between the plain and the TLS listener, so any listener (an IRC one included)
 * gets TLS by being built with a {@link TlsTransport}.
 */
interface Transport {

	/** Bytes as they are. */
	Transport PLAIN = PlainWire::new;

	/**
	 * Wraps a socket just accepted. Runs on the accept thread, so it does no I/O:
	 * anything that reads or writes (a handshake) happens in {@link Wire#open}, on the
	 * connection's own reader thread.
	 */
	Wire wrap(Socket socket) throws IOException;

	/**
	 * @return whether its connections are encrypted
	 */
	default boolean encrypted() {
		return false;
	}

}
