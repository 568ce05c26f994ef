package dev.switchboard.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes read from a client socket into {@code switchboard.bytes.received}. */
final class CountingInputStream extends FilterInputStream {

	private final ListenerMetrics metrics;

	// Written only by the connection's reader thread.
	private volatile long count;

	CountingInputStream(InputStream in, ListenerMetrics metrics) {
		super(in);
		this.metrics = metrics;
	}

	long count() {
		return this.count;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			this.metrics.received(1);
			this.count++;
		}
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		int n = super.read(b, off, len);
		if (n > 0) {
			this.metrics.received(n);
			this.count += n;
		}
		return n;
	}

}
