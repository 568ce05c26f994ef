package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A raw-socket chat client for tests, modelled on nats-server's test/test.go send/expect
 * helpers: it sends bytes exactly as given and asserts on the server's CRLF-terminated
 * lines.
 */
public final class LineClient implements AutoCloseable {

	static final Duration LINE_TIMEOUT = Duration.ofSeconds(10);

	static final Duration QUIET = Duration.ofMillis(300);

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private LineClient(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setTcpNoDelay(true);
		this.in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
		this.out = socket.getOutputStream();
	}

	/** A client over a socket already connected (a TLS one: {@link Tls#connect}). */
	public static LineClient over(Socket socket) {
		try {
			return new LineClient(socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The socket (for a TLS session's details). */
	Socket socket() {
		return this.socket;
	}

	public static LineClient connect(int port) {
		try {
			return new LineClient(new Socket("127.0.0.1", port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not connect to port " + port, ex);
		}
	}

	/**
	 * Connects, checks the greeting and the join confirmation, and takes the given nick.
	 */
	public static LineClient login(int port, String nick) {
		return login(connect(port), nick);
	}

	/** Connects from another loopback address (Linux routes all of 127.0.0.0/8 to lo). */
	public static LineClient connectFrom(String localAddress, int port) {
		try {
			return new LineClient(new Socket("127.0.0.1", port, java.net.InetAddress.getByName(localAddress), 0));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not connect from " + localAddress, ex);
		}
	}

	/**
	 * Connects with a tiny receive buffer, so a client that stops reading fills up fast.
	 */
	static LineClient connectSlow(int port) {
		try {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(2048);
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
			return new LineClient(socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not connect to port " + port, ex);
		}
	}

	public static LineClient login(LineClient client, String nick) {
		client.expectLine(
				"\\* Welcome to Switchboard, guest-(?:[a-z0-9]{4}-)?\\d+! You are in #lobby\\. Type /help for commands\\.");
		client.expectLine("\\* You joined #lobby \\(\\d+ members?\\)");
		client.send("/nick " + nick).expectLine("\\* You are now known as " + nick);
		return client;
	}

	/** Sends the text and a bare LF, as plain {@code nc} does. */
	public LineClient send(String line) {
		return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
	}

	LineClient sendRaw(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException("send failed", ex);
		}
		return this;
	}

	/** Sends each byte in its own write (and TCP segment, with Nagle off). */
	LineClient sendByteAtATime(byte[] bytes) {
		for (byte b : bytes) {
			sendRaw(new byte[] { b });
		}
		return this;
	}

	/** Reads the next line and asserts it matches the regex in full. */
	public String expectLine(String regex) {
		String line = nextLine(LINE_TIMEOUT);
		if (line == null) {
			fail("expected a line matching <%s> but the connection closed", regex);
		}
		assertThat(line).matches(regex);
		return line;
	}

	/**
	 * Skips lines until one matches; fails if the connection closes or goes quiet first.
	 */
	public String awaitLine(String regex) {
		while (true) {
			String line = nextLine(LINE_TIMEOUT);
			if (line == null) {
				fail("expected a line matching <%s> but the connection closed", regex);
			}
			if (line.matches(regex)) {
				return line;
			}
		}
	}

	/** Asserts that no line arrives within a short quiet period. */
	public void expectNothing() {
		String line = nextLine(QUIET);
		assertThat(line).as("unexpected line").isNull();
	}

	/** Asserts the server closes the connection, after any lines still in flight. */
	public void expectClosed() {
		long deadline = System.nanoTime() + LINE_TIMEOUT.toNanos();
		try {
			this.socket.setSoTimeout((int) LINE_TIMEOUT.toMillis());
			while (System.nanoTime() < deadline) {
				if (this.in.read() < 0) {
					return;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			// fall through to the failure
		}
		catch (IOException ex) {
			return;
		}
		fail("expected the server to close the connection");
	}

	/**
	 * @return the next line without CRLF, or null on a clean close or a quiet timeout
	 */
	public String nextLine(Duration timeout) {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		try {
			this.socket.setSoTimeout((int) timeout.toMillis());
			while (true) {
				int b = this.in.read();
				if (b < 0) {
					assertThat(line.size()).as("bytes before close without CRLF").isZero();
					return null;
				}
				if (b == '\n') {
					byte[] bytes = line.toByteArray();
					assertThat(bytes).as("server lines end with CRLF").endsWith((byte) '\r');
					return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
				}
				line.write(b);
			}
		}
		catch (SocketTimeoutException ex) {
			assertThat(line.size()).as("a partial line was left hanging").isZero();
			return null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Reads like a slow but steady client, at most {@code bytesPerSecond}, until the
	 * server closes the connection.
	 * @return every line read, without CRLF; a last line cut off by the close is returned
	 * as it is, so a test can tell
	 */
	java.util.List<String> readUntilClosed(int bytesPerSecond) {
		int chunk = Math.max(1, bytesPerSecond / 100);
		byte[] buffer = new byte[chunk];
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		try {
			this.socket.setSoTimeout((int) LINE_TIMEOUT.toMillis());
			int n;
			while ((n = this.in.read(buffer, 0, chunk)) >= 0) {
				all.write(buffer, 0, n);
				java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
			}
		}
		catch (IOException ex) {
			// a reset ends the reading as a close does
		}
		String text = all.toString(StandardCharsets.UTF_8);
		java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(text.split("\r\n", -1)));
		if (lines.getLast().isEmpty()) {
			lines.removeLast();
		}
		return lines;
	}

	/**
	 * Reads exactly {@code count} raw bytes (for telnet replies, which are not lines).
	 */
	int[] readRawBytes(int count) {
		int[] bytes = new int[count];
		try {
			this.socket.setSoTimeout((int) LINE_TIMEOUT.toMillis());
			for (int i = 0; i < count; i++) {
				bytes[i] = this.in.read();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes;
	}

	/**
	 * Sends a FIN (end of input) but keeps reading, as {@code nc -N} or a script that
	 * closes its write side does.
	 */
	void shutdownOutput() {
		try {
			this.socket.shutdownOutput();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Closes with a TCP reset instead of a FIN. */
	void reset() {
		try {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
