package dev.switchboard.gateway;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * TLS for any listener: each accepted socket is wrapped with the {@link TlsContext}
 * current at that moment, so a certificate the SSL bundle reloads ({@link #use}) serves
 * every connection accepted afterwards while those already open keep theirs. The
 * handshake runs on the connection's reader ({@link TlsWire#open}), never on the accept
 * thread.
 */
final class TlsTransport implements Transport {

	private final long handshakeTimeoutNanos;

	private volatile TlsContext context;

	TlsTransport(TlsContext context, Duration handshakeTimeout) {
		this.context = context;
		this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
	}

	/** From now on, new connections get this context (a renewed certificate). */
	void use(TlsContext context) {
		this.context = context;
	}

	TlsContext context() {
		return this.context;
	}

	@Override
	public Wire wrap(Socket socket) throws IOException {
		return new TlsWire(socket, this.context, this.handshakeTimeoutNanos);
	}

	@Override
	public boolean encrypted() {
		return true;
	}

}
