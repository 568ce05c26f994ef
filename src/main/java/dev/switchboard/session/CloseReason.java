package dev.switchboard.session;

import java.util.Locale;

/**
 * Why a connection ended: a small fixed set, used in quit notices, logs and (as a metric
 * tag) nowhere unbounded. The wire form is the lower-case name.
 */
public enum CloseReason {

	/** The user sent /quit or pressed Ctrl-C in telnet. */
	QUIT,
	/** The client closed its side. */
	EOF,
	/** The connection was reset (RST) or broke while reading or writing. */
	RESET,
	/** The client could not keep up with its output (fan-out engine). */
	SLOW_CONSUMER,
	/** The client kept sending faster than allowed. */
	FLOOD,
	/** Refused at connect: the server has no room for another connection. */
	SERVER_FULL,
	/** An operator kicked the session. */
	KICKED,
	/** The server is shutting down. */
	SHUTDOWN,
	/**
	 * A line was started and not finished within the line timeout, or a TLS handshake
	 * within the handshake timeout.
	 */
	TIMEOUT,
	/** An IRC client did not answer the server's PING in time. */
	PING_TIMEOUT,
	/**
	 * The client spoke another protocol (HTTP, TLS) on the plain port, plain text on the
	 * TLS port, or its TLS handshake failed.
	 */
	PROTOCOL,
	/** An unexpected server-side failure. */
	ERROR;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

}
