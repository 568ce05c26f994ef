package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the {@link LineFramer} makes of a client's byte stream: a complete line, or a
 * signal the session has to act on. PROTOCOL.md §1.
 */
public sealed interface InboundFrame {

	/**
	 * A complete line without its terminator and without telnet commands; not yet
	 * decoded.
	 */
	record Line(byte[] bytes) implements InboundFrame {

		@Override
		public boolean equals(Object other) {
			return other instanceof Line line && Arrays.equals(this.bytes, line.bytes);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.bytes);
		}

		@Override
		public String toString() {
			return "Line[" + new String(this.bytes, StandardCharsets.UTF_8) + "]";
		}

	}

	/** The current line passed {@code limit} bytes; the rest of it is being discarded. */
	record Overlong(int limit) implements InboundFrame {
	}

	/**
	 * Telnet interrupt (IAC IP) or break (IAC BRK): the user pressed Ctrl-C in telnet.
	 */
	record Interrupt() implements InboundFrame {
	}

	/** The client sends faster than its input rate; its lines are being delayed. */
	record Throttled(int linesPerSecond) implements InboundFrame {
	}

	/**
	 * The connections from the client's address together send more bytes a second than
	 * allowed; their lines are being delayed.
	 */
	record AddressThrottled(long bytesPerSecond) implements InboundFrame {
	}

	/** A started line was not finished within the line timeout. */
	record LineTimeout(long seconds) implements InboundFrame {
	}

	/** The client kept sending faster than its rate for longer than allowed. */
	record Flooding(long seconds) implements InboundFrame {
	}

	/** The client speaks another protocol on this port (HTTP, TLS). */
	record Foreign(String protocol) implements InboundFrame {

		/** The one error line such a client gets before the connection is closed. */
		public String explanation() {
			return "This is a Switchboard chat port: plain text lines, not " + this.protocol
					+ ". Connect with nc or telnet. Closing.";
		}

	}

}
