package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Bytes as they are: the accepted socket's own streams. */
record PlainWire(Socket socket) implements Wire {

	@Override
	public InputStream input() throws IOException {
		return this.socket.getInputStream();
	}

	@Override
	public OutputStream output() throws IOException {
		return this.socket.getOutputStream();
	}

	@Override
	public Opening open(long maxNanos) {
		return Opening.OPEN;
	}

}
