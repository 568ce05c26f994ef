package dev.switchboard.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Turns one connection's byte stream into {@link InboundFrame}s. Stateful, one per
 * connection, used by that connection's reader thread only.
 * <ul>
 * <li>Reads in bulk (never a syscall per byte).</li>
 * <li>A line ends at LF, CR or CRLF (a CR followed by LF or NUL counts once), so plain
 * {@code nc}, {@code nc -C} and telnet all work.</li>
 * <li>The limit is enforced while the line is still arriving: past {@code maxLineBytes}
 * one {@link InboundFrame.Overlong} is returned and the rest of the line is discarded as
 * it streams in, so memory stays bounded even for megabytes with no newline.</li>
 * <li>Telnet IAC sequences are consumed, never part of a line; option requests are
 * refused through {@code telnetReplies}; IAC IP and IAC BRK become
 * {@link InboundFrame.Interrupt}. A 0xFF that does not start a command (the next byte is
 * below 0xF0) is a data byte, so the line fails UTF-8 decoding as it should.</li>
 * <li>On a clean end of input (EOF), a line still waiting for its terminator is returned
 * as the last {@link InboundFrame.Line} ({@code printf 'done' | nc}); on a reset it is
 * dropped.</li>
 * <li>An HTTP request line as the first line becomes {@link InboundFrame.Foreign}. TLS is
 * only recognised in the bytes the caller sniffs before the greeting
 * ({@link #foreignProtocol()}); after that a first byte 0x16 is a person's Ctrl-V.</li>
 * </ul>
 */
public final class LineFramer {

	private static final String HTTP_METHODS = "(GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE|PRI) ";

	private static final Pattern HTTP_REQUEST_LINE = Pattern.compile(HTTP_METHODS + "\\S+ HTTP/\\d(\\.\\d)?");

	private static final Pattern HTTP_REQUEST_START = Pattern.compile(HTTP_METHODS + "\\S+ HTTP/.*", Pattern.DOTALL);

	private static final int TLS_HANDSHAKE = 0x16;

	private static final int TLS_MAJOR_VERSION = 0x03;

	private static final int TLS_MAX_MINOR_VERSION = 0x04;

	private static final int TLS_CLIENT_HELLO = 0x01;

	private static final int TLS_HANDSHAKE_TYPE_OFFSET = 5;

	private static final int INITIAL_LINE_CAPACITY = 128;

	private static final int MIN_READ_BUFFER = 512;

	private static final int RETAINED_LINE_CAPACITY = 1024;

	private final InputStream in;

	private final int maxLineBytes;

	private final TelnetFilter telnet;

	private byte[] readBuffer;

	private final int maxReadBuffer;

	private int readPos;

	private int readLimit;

	private byte[] line = new byte[INITIAL_LINE_CAPACITY];

	private int lineLength;

	private boolean discarding;

	private boolean afterCr;

	private boolean firstByte = true;

	private boolean firstLine = true;

	private long linesEnded;

	private boolean ended;

	public LineFramer(InputStream in, int maxLineBytes, int readBufferBytes, Consumer<byte[]> telnetReplies) {
		this.in = in;
		this.maxLineBytes = maxLineBytes;
		this.maxReadBuffer = readBufferBytes;
		this.readBuffer = new byte[Math.min(MIN_READ_BUFFER, readBufferBytes)];
		this.telnet = new TelnetFilter(telnetReplies);
	}

	/**
	 * Reads the first bytes of the stream without consuming them, so the caller can check
	 * {@link #foreignProtocol()} before greeting the client. A read timeout set on the
	 * socket surfaces as its usual exception.
	 * @return false if the peer closed the stream before sending anything
	 * @throws IOException when reading fails or times out
	 */
	public boolean prefetch() throws IOException {
		if (this.readPos == this.readLimit) {
			resizeReadBuffer();
			int n = this.in.read(this.readBuffer, 0, this.readBuffer.length);
			if (n < 0) {
				return false;
			}
			this.readPos = 0;
			this.readLimit = n;
		}
		return true;
	}

	// Like nats-server: an idle connection keeps a small read buffer; one that fills it
	// on every
	// read gets a bigger one, up to maxReadBuffer. Only resized when empty.
	private void resizeReadBuffer() {
		int size = this.readBuffer.length;
		if (this.readLimit == size && size < this.maxReadBuffer) {
			this.readBuffer = new byte[Math.min(size * 2, this.maxReadBuffer)];
		}
		else if (this.readLimit < size / 8 && size > MIN_READ_BUFFER) {
			this.readBuffer = new byte[MIN_READ_BUFFER];
		}
	}

	/**
	 * Checks the bytes {@link #prefetch()} read at the start of the stream. TLS needs the
	 * first three bytes of a TLS record header for a handshake (0x16, 0x03, then a minor
	 * version 0x00 to 0x04) and, when the sixth byte is there, a ClientHello (0x01): a
	 * person whose first line starts with Ctrl-V (0x16) is not TLS.
	 * @return "TLS" or "HTTP" if the bytes read so far at the start of the stream are a
	 * TLS ClientHello or an HTTP request line, otherwise {@code null}
	 */
	public @Nullable String foreignProtocol() {
		if (!this.firstByte || this.readLimit == 0) {
			return null;
		}
		if (looksLikeClientHello()) {
			return "TLS";
		}
		String start = new String(this.readBuffer, 0, this.readLimit, StandardCharsets.ISO_8859_1);
		return HTTP_REQUEST_START.matcher(start).matches() ? "HTTP" : null;
	}

	private boolean looksLikeClientHello() {
		if (this.readLimit < 3) {
			return false;
		}
		byte[] start = this.readBuffer;
		boolean handshakeRecord = (start[0] & 0xFF) == TLS_HANDSHAKE && start[1] == TLS_MAJOR_VERSION
				&& (start[2] & 0xFF) <= TLS_MAX_MINOR_VERSION;
		boolean clientHello = this.readLimit <= TLS_HANDSHAKE_TYPE_OFFSET
				|| start[TLS_HANDSHAKE_TYPE_OFFSET] == TLS_CLIENT_HELLO;
		return handshakeRecord && clientHello;
	}

	/**
	 * Whether the framer is inside a line: part of a line, of an overlong line being
	 * discarded, or of a telnet command has been framed, and its end has not. For a
	 * deadline on partial lines. It covers the bytes {@link #next()} has framed;
	 * {@code next()} frames every byte it holds before it reads again, so the answer is
	 * exact whenever the framer reads (check it in the {@link InputStream} the framer
	 * reads from, not between calls to {@code next()}, when bytes read but not yet framed
	 * may be waiting). Reader thread only, like the rest of this class.
	 * @return true while a started line waits for its terminator
	 */
	/**
	 * @return how many lines have ended so far (overlong ones and interrupts included):
	 * when it changed between two reads, the line now in progress started after the first
	 * of them. Reader thread only.
	 */
	public long linesEnded() {
		return this.linesEnded;
	}

	public boolean midLine() {
		return this.lineLength > 0 || this.discarding || this.telnet.midSequence();
	}

	/**
	 * Blocks until the next frame is complete. When the peer closes the stream cleanly, a
	 * line it left without a terminator is returned as the last frame (not if it was
	 * overlong), and the call after that throws {@link EOFException}.
	 * @return the next frame
	 * @throws EOFException when the peer closed the stream and no line is left
	 * @throws IOException when reading fails, as on a reset (a partial line is dropped)
	 */
	public InboundFrame next() throws IOException {
		while (true) {
			if (this.readPos == this.readLimit && !fill()) {
				return lastFrame();
			}
			int b = this.readBuffer[this.readPos++] & 0xFF;
			this.firstByte = false;
			int data = this.telnet.accept(b);
			if (data == TelnetFilter.STRAY_IAC) {
				// b is still in the buffer (it was just read from it): step back so the
				// next turn of the loop passes it to the filter again, after the 0xFF.
				this.readPos--;
				data = TelnetFilter.IAC;
			}
			if (data == TelnetFilter.INTERRUPT) {
				this.linesEnded++;
				this.lineLength = 0;
				this.discarding = false;
				return new InboundFrame.Interrupt();
			}
			if (data != TelnetFilter.CONSUMED) {
				InboundFrame frame = acceptData(data);
				if (frame != null) {
					return frame;
				}
			}
		}
	}

	private @Nullable InboundFrame acceptData(int b) {
		boolean wasAfterCr = this.afterCr;
		this.afterCr = false;
		if (wasAfterCr && (b == '\n' || b == 0)) {
			return null;
		}
		if (b == '\n' || b == '\r') {
			this.afterCr = (b == '\r');
			return endLine();
		}
		if (this.discarding) {
			return null;
		}
		if (this.lineLength == this.maxLineBytes) {
			this.discarding = true;
			this.lineLength = 0;
			shrinkLineBuffer();
			return new InboundFrame.Overlong(this.maxLineBytes);
		}
		if (this.lineLength == this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.min(this.line.length * 2, this.maxLineBytes));
		}
		this.line[this.lineLength++] = (byte) b;
		return null;
	}

	private @Nullable InboundFrame endLine() {
		this.linesEnded++;
		if (this.discarding) {
			this.discarding = false;
			return null;
		}
		byte[] bytes = Arrays.copyOf(this.line, this.lineLength);
		this.lineLength = 0;
		shrinkLineBuffer();
		if (this.firstLine) {
			this.firstLine = false;
			if (HTTP_REQUEST_LINE.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).matches()) {
				return new InboundFrame.Foreign("HTTP");
			}
		}
		return new InboundFrame.Line(bytes);
	}

	// An idle connection keeps a small buffer even after one long line.
	private void shrinkLineBuffer() {
		if (this.line.length > RETAINED_LINE_CAPACITY) {
			this.line = new byte[INITIAL_LINE_CAPACITY];
		}
	}

	/**
	 * After {@link #prefetch()}: reads more of the stream's first bytes into the room
	 * left in the buffer, so a client that sends its lines and closes at once (the
	 * classic {@code send(); close()}) has its whole input, end included, read before
	 * anything is written to it; a write to a closed client makes its kernel answer with
	 * a reset, which would otherwise drop the last unterminated line.
	 * @return true if bytes were read and there is room for more; false once the peer
	 * closed the stream (remembered: the frames read so far still come, then the end) or
	 * the buffer is full
	 * @throws IOException when reading fails or times out
	 */
	public boolean prefetchMore() throws IOException {
		if (this.ended || this.readLimit == this.readBuffer.length) {
			return false;
		}
		int n = this.in.read(this.readBuffer, this.readLimit, this.readBuffer.length - this.readLimit);
		if (n < 0) {
			this.ended = true;
			return false;
		}
		this.readLimit += n;
		return this.readLimit < this.readBuffer.length;
	}

	private boolean fill() throws IOException {
		if (!this.ended && !prefetch()) {
			this.ended = true;
		}
		return !this.ended;
	}

	private InboundFrame lastFrame() throws EOFException {
		int pending = this.telnet.endOfInput();
		if (pending != TelnetFilter.CONSUMED) {
			InboundFrame overlong = acceptData(pending);
			if (overlong != null) {
				return overlong;
			}
		}
		InboundFrame last = (this.lineLength > 0) ? endLine() : null;
		if (last != null) {
			return last;
		}
		throw new EOFException("end of stream");
	}

}
