package dev.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A loopback port free right now, for a server a test starts in another process or
 * context.
 */
public final class FreePort {

	private FreePort() {
	}

	public static int pick() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
