package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One connection inside TLS. {@link #open} runs on the connection's reader thread: it
 * reads the client's first bytes from the plain socket, and unless they start a TLS
 * handshake record (0x16: every TLS client's first byte) the client is not speaking TLS
 * and gets a plain-text line instead; otherwise those bytes go to the {@link SSLSocket}
 * first and the handshake runs, all within the handshake timeout. Each read has the time
 * left as its socket timeout, and {@link #overdue} lets the watchdog close a handshake
 * that trickles in a byte at a time. Afterwards the connection reads and writes the
 * {@link SSLSocket}'s streams; it closes the plain socket itself (never
 * {@link SSLSocket#close()}, which may wait for a reader or a blocked write), after
 * {@link #finish} sent the close_notify on a clean end.
 */
final class TlsWire implements Wire {

	/**
	 * The first byte of a TLS record that carries a handshake message (a ClientHello).
	 */
	static final int HANDSHAKE_RECORD = 0x16;

	/** Most bytes read before the handshake: a whole ClientHello fits, usually. */
	static final int SNIFF_BYTES = 2048;

	private static final Log logger = LogFactory.getLog(TlsWire.class);

	private final Socket socket;

	private final Prelude prelude = new Prelude();

	private final SSLSocket tls;

	private final long timeoutNanos;

	// When the handshake in progress must be done by; 0 outside the handshake.
	private volatile long deadline;

	private volatile boolean expired;

	TlsWire(Socket socket, TlsContext context, long timeoutNanos) throws IOException {
		this.socket = socket;
		this.tls = context.wrap(socket, this.prelude);
		this.timeoutNanos = timeoutNanos;
	}

	@Override
	public InputStream input() throws IOException {
		return this.tls.getInputStream();
	}

	@Override
	public OutputStream output() throws IOException {
		return this.tls.getOutputStream();
	}

	@Override
	public boolean encrypted() {
		return true;
	}

	@Override
	public Opening open(long maxNanos) {
		long deadline = System.nanoTime() + Math.min(this.timeoutNanos, maxNanos);
		try {
			Opening heard = sniff(deadline);
			if (heard != null) {
				return failed(heard, null);
			}
			this.deadline = deadline;
			this.socket.setSoTimeout(millisLeft(deadline));
			this.tls.startHandshake();
			return Opening.OPEN;
		}
		catch (SocketTimeoutException ex) {
			return failed(Opening.TIMEOUT, ex);
		}
		catch (SSLException ex) {
			return failed(this.expired ? Opening.TIMEOUT : Opening.FAILED, ex);
		}
		catch (IOException ex) {
			return failed(this.expired ? Opening.TIMEOUT : Opening.CLOSED, ex);
		}
		finally {
			this.deadline = 0;
			clearTimeout();
		}
	}

	/**
	 * @return null when the client started a TLS handshake; otherwise why not
	 */
	private @Nullable Opening sniff(long deadline) throws IOException {
		this.socket.setSoTimeout(millisLeft(deadline));
		byte[] first = new byte[SNIFF_BYTES];
		int read;
		try {
			read = this.socket.getInputStream().read(first);
		}
		catch (SocketTimeoutException ex) {
			return Opening.SILENT;
		}
		if (read < 0) {
			return Opening.CLOSED;
		}
		if (first[0] != HANDSHAKE_RECORD) {
			return Opening.PLAINTEXT;
		}
		this.prelude.set(Arrays.copyOf(first, read));
		return null;
	}

	/** Logged once, at DEBUG: a scanner must not flood the log. */
	private Opening failed(Opening outcome, @Nullable IOException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("TLS handshake with " + this.socket.getInetAddress().getHostAddress() + ": "
					+ outcome.name().toLowerCase(Locale.ROOT) + ((ex != null) ? " (" + ex.getMessage() + ")" : ""));
		}
		return outcome;
	}

	private static int millisLeft(long deadline) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000L));
	}

	private void clearTimeout() {
		try {
			this.socket.setSoTimeout(0);
		}
		catch (SocketException ex) {
			// closed: nothing to clear
		}
	}

	@Override
	public boolean overdue(long nowNanos) {
		long until = this.deadline;
		if (until != 0 && nowNanos - until > 0) {
			this.expired = true;
			return true;
		}
		return false;
	}

	@Override
	public void finish() {
		try {
			this.tls.shutdownOutput();
		}
		catch (IOException ex) {
			logger.debug("Could not send close_notify", ex);
		}
	}

	/**
	 * The bytes {@link #sniff} read from the socket, which the handshake must read first.
	 * Set once, on the reader thread, before the handshake reads it; empty until then.
	 */
	private static final class Prelude extends InputStream {

		private static final byte[] NONE = new byte[0];

		private byte[] bytes = NONE;

		private int next;

		void set(byte[] bytes) {
			this.bytes = bytes;
			this.next = 0;
		}

		@Override
		public int read() {
			return (this.next < this.bytes.length) ? this.bytes[this.next++] & 0xFF : -1;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			int left = this.bytes.length - this.next;
			if (length == 0) {
				return 0;
			}
			if (left <= 0) {
				this.bytes = NONE;
				return -1;
			}
			int count = Math.min(left, length);
			System.arraycopy(this.bytes, this.next, buffer, offset, count);
			this.next += count;
			return count;
		}

		@Override
		public int available() {
			return this.bytes.length - this.next;
		}

	}

}
