package dev.switchboard.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * PROTOCOL.md §1. Every case runs with the input delivered whole and split into reads of
 * 1, 2, 3 and 7 bytes: framing must not depend on how TCP segments the stream.
 */
class LineFramerTests {

	private static final int MAX = 16;

	private static final int IAC = 0xFF;

	static Stream<Arguments> cases() {
		return Stream.of(Arguments.of("bare LF (plain nc)", bytes("hello\nworld\n"), List.of("hello", "world")),
				Arguments.of("CRLF (telnet, nc -C)", bytes("hello\r\nworld\r\n"), List.of("hello", "world")),
				Arguments.of("bare CR", bytes("hello\rworld\r"), List.of("hello", "world")),
				Arguments.of("CR NUL (telnet NVT)", bytes("hello\r\0world\n"), List.of("hello", "world")),
				Arguments.of("LF CR is two endings", bytes("a\n\rb\n"), List.of("a", "", "b")),
				Arguments.of("empty lines are frames", bytes("\n\r\n"), List.of("", "")),
				Arguments.of("exactly the limit", bytes("x".repeat(MAX) + "\n"), List.of("x".repeat(MAX))),
				Arguments.of("one over the limit, then recovers", bytes("y".repeat(MAX + 1) + "more\nok\n"),
						List.of("<overlong>", "ok")),
				Arguments.of("far over the limit reports once", bytes("z".repeat(MAX * 50) + "\nok\n"),
						List.of("<overlong>", "ok")),
				Arguments.of("over the limit ended by CRLF", bytes("w".repeat(MAX * 2) + "\r\nok\r\n"),
						List.of("<overlong>", "ok")),
				Arguments.of("IAC IAC is a literal 0xFF", concat(bytes("a"), raw(IAC, IAC), bytes("b\n")),
						List.of("a\u00ffb")),
				Arguments.of("stray 0xFF before a data byte is data and keeps the byte",
						concat(bytes("a"), raw(IAC), bytes("b\n")), List.of("a\u00ffb")),
				Arguments.of("stray 0xFF before LF is data and the LF ends the line",
						concat(bytes("a"), raw(IAC), bytes("\nb\n")), List.of("a\u00ff", "b")),
				Arguments.of("stray 0xFF before a UTF-8 lead byte keeps both",
						concat(raw(IAC, 0xC3, 0xA9), bytes("\n")), List.of("\u00ff\u00c3\u00a9")),
				Arguments.of("stray 0xFF then a real telnet command", concat(raw(IAC, 'x', IAC, 0xF1), bytes("\n")),
						List.of("\u00ffx")),
				Arguments.of("IAC NOP and option verbs vanish",
						concat(bytes("a"), raw(IAC, 0xF1, IAC, 0xFB, 0x1F, IAC, 0xFE, 0x01), bytes("b\n")),
						List.of("ab")),
				Arguments.of("subnegotiation vanishes",
						concat(bytes("a"), raw(IAC, 0xFA, 0x1F, 0, 80, 0, 24, IAC, 0xF0), bytes("b\n")), List.of("ab")),
				Arguments.of("IAC IP interrupts and drops the partial line",
						concat(bytes("half"), raw(IAC, 0xF4, IAC, 0xFD, 0x06), bytes("next\n")),
						List.of("<interrupt>", "next")),
				Arguments.of("IAC BRK interrupts", concat(raw(IAC, 0xF3)), List.of("<interrupt>")),
				Arguments.of("Ctrl-V (0x16) as the first byte is data", concat(raw(0x16), bytes("hi\n")),
						List.of("\u0016hi")),
				Arguments.of("HTTP request line first", bytes("GET / HTTP/1.1\r\nHost: x\r\n"),
						List.of("<foreign HTTP>", "Host: x")),
				Arguments.of("HTTP-looking line later is chat", bytes("hi\nGET / HTTP/1.1\n"),
						List.of("hi", "GET / HTTP/1.1")),
				Arguments.of("0x16 later is data", concat(bytes("a"), raw(0x16), bytes("\n")), List.of("a\u0016")),
				Arguments.of("unterminated last line at EOF is delivered", bytes("done\npartial"),
						List.of("done", "partial")),
				Arguments.of("overlong unterminated line at EOF is not delivered", bytes("y".repeat(MAX + 5)),
						List.of("<overlong>")),
				Arguments.of("stray 0xFF at EOF is data", concat(bytes("ab"), raw(IAC)), List.of("ab\u00ff")),
				Arguments.of("unfinished telnet option at EOF is dropped", concat(bytes("ab"), raw(IAC, 0xFB)),
						List.of("ab")),
				Arguments.of("CR at EOF ends the line once", bytes("a\r"), List.of("a")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void framesTheSameWhateverTheReadSizes(String name, byte[] input, List<String> expected) throws IOException {
		for (int chunk : new int[] { Integer.MAX_VALUE, 1, 2, 3, 7 }) {
			assertThat(frames(input, chunk)).as("%s in reads of %d", name, chunk).isEqualTo(expected);
		}
	}

	@Test
	void afterTheUnterminatedLastLineEveryCallReportsEndOfStream() throws IOException {
		LineFramer framer = framer(bytes("deploy done"), Integer.MAX_VALUE);
		assertThat(framer.next()).isEqualTo(new InboundFrame.Line(bytes("deploy done")));
		assertThatExceptionOfType(EOFException.class).isThrownBy(framer::next);
		assertThatExceptionOfType(EOFException.class).isThrownBy(framer::next);
	}

	@Test
	void partialLineIsDroppedWhenTheConnectionIsReset() throws IOException {
		InputStream resetAfterPartialLine = new InputStream() {
			private boolean sent;

			@Override
			public int read() throws IOException {
				throw new IOException("Connection reset");
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (this.sent) {
					throw new IOException("Connection reset");
				}
				this.sent = true;
				b[off] = 'h';
				b[off + 1] = 'i';
				return 2;
			}
		};
		LineFramer framer = new LineFramer(resetAfterPartialLine, MAX, 64, (reply) -> {
		});
		assertThatExceptionOfType(IOException.class).isThrownBy(framer::next)
			.isNotInstanceOf(EOFException.class)
			.withMessage("Connection reset");
	}

	@Test
	void midLineSaysWhetherTheFramerWaitsInsideALineWheneverItReads() throws IOException {
		// Each read returns the next chunk; the framer reads only once it has framed
		// every byte it holds, so each check sees the state after all earlier chunks.
		List<byte[]> chunks = List.of(bytes("hel"), bytes("lo\n"), raw(IAC), raw(0xFB), raw(0x1F),
				concat(bytes("x"), raw(IAC)), bytes("\n"), bytes("y".repeat(MAX + 3)), bytes("\r"), bytes("\n"),
				concat(bytes("half"), raw(IAC)), raw(0xF4), bytes("a"), raw(IAC, 0xFA, 0x1F), raw(IAC, 0xF0, '\n'));
		List<Boolean> atEachRead = new ArrayList<>();
		LineFramer[] framer = new LineFramer[1];
		InputStream in = new InputStream() {
			private int next;

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				atEachRead.add(framer[0].midLine());
				if (this.next == chunks.size()) {
					return -1;
				}
				byte[] chunk = chunks.get(this.next++);
				System.arraycopy(chunk, 0, b, off, chunk.length);
				return chunk.length;
			}
		};
		framer[0] = new LineFramer(in, MAX, 64, (reply) -> {
		});
		assertThat(framer[0].midLine()).isFalse();
		List<String> frames = new ArrayList<>();
		while (true) {
			try {
				frames.add(describe(framer[0].next()));
			}
			catch (EOFException ex) {
				break;
			}
		}
		assertThat(frames).containsExactly("hello", "x\u00ff", "<overlong>", "<interrupt>", "a");
		assertThat(atEachRead).containsExactly(false, // nothing read yet
				true, // "hel"
				false, // "hello\n"
				true, // IAC
				true, // IAC WILL
				false, // IAC WILL NAWS, no line begun
				true, // "x" and a pending IAC
				false, // "x\xFF\n"
				true, // overlong, being discarded
				false, // ended by CR
				false, // LF after that CR
				true, // "half" and a pending IAC
				false, // IAC IP dropped the partial line
				true, // "a"
				true, // "a" inside a subnegotiation
				false); // subnegotiation ended, then LF
		assertThat(framer[0].midLine()).isFalse();
	}

	@Test
	void telnetOptionRequestsAreRefusedAndTimingMarkIsAcknowledged() throws IOException {
		ByteArrayOutputStream replies = new ByteArrayOutputStream();
		LineFramer framer = new LineFramer(new ByteArrayInputStream(
				concat(raw(IAC, 0xFD, 0x01, IAC, 0xFB, 0x18, IAC, 0xFD, 0x06, IAC, 0xFC, 0x01, IAC, 0xFE, 0x01),
						bytes("x\n"))),
				MAX, 8, replies::writeBytes);
		assertThat(framer.next()).isInstanceOf(InboundFrame.Line.class);
		assertThat(replies.toByteArray()).containsExactly(raw(IAC, 0xFC, 0x01, IAC, 0xFE, 0x18, IAC, 0xFB, 0x06));
	}

	@Test
	void tenMegabytesWithoutNewlineNeverGrowTheLineBufferPastTheLimit() throws IOException {
		InputStream endless = new InputStream() {
			private long remaining = 10L * 1024 * 1024;

			@Override
			public int read() {
				return (this.remaining-- > 0) ? 'a' : -1;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (this.remaining <= 0) {
					return -1;
				}
				int n = (int) Math.min(len, this.remaining);
				java.util.Arrays.fill(b, off, off + n, (byte) 'a');
				this.remaining -= n;
				return n;
			}
		};
		LineFramer framer = new LineFramer(endless, MAX, 4096, (reply) -> {
		});
		assertThat(framer.next()).isEqualTo(new InboundFrame.Overlong(MAX));
		assertThatExceptionOfType(EOFException.class).isThrownBy(framer::next);
	}

	@Test
	void prefetchLetsTheCallerSpotForeignProtocolsBeforeConsumingAnything() throws IOException {
		LineFramer http = prefetching(bytes("POST /api HTTP/1.1\r\n"));
		assertThat(http.prefetch()).isTrue();
		assertThat(http.foreignProtocol()).isEqualTo("HTTP");
		LineFramer chat = prefetching(bytes("GET well soon\n"));
		assertThat(chat.prefetch()).isTrue();
		assertThat(chat.foreignProtocol()).isNull();
		assertThat(chat.next()).isEqualTo(new InboundFrame.Line(bytes("GET well soon")));
		assertThat(framer(new byte[0], 1).prefetch()).isFalse();
	}

	static Stream<Arguments> sniffed() {
		return Stream.of(
				Arguments.of("TLS 1.0 ClientHello record", raw(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00), "TLS"),
				Arguments.of("TLS 1.2 ClientHello record", raw(0x16, 0x03, 0x03, 0x00, 0xF4, 0x01, 0x00), "TLS"),
				Arguments.of("SSL 3.0 record header only", raw(0x16, 0x03, 0x00), "TLS"),
				Arguments.of("record header up to the length", raw(0x16, 0x03, 0x04, 0x01, 0x00), "TLS"),
				Arguments.of("handshake that is not a ClientHello", raw(0x16, 0x03, 0x01, 0x00, 0x30, 0x02), null),
				Arguments.of("minor version past TLS 1.3", raw(0x16, 0x03, 0x05, 0x00, 0x30, 0x01), null),
				Arguments.of("Ctrl-V then text", concat(raw(0x16), bytes("hello\n")), null),
				Arguments.of("Ctrl-V then 0x03 then text", concat(raw(0x16, 0x03), bytes("hi\n")), null),
				Arguments.of("a lone Ctrl-V", raw(0x16), null),
				Arguments.of("HTTP request line", bytes("POST /api HTTP/1.1\r\n"), "HTTP"),
				Arguments.of("chat that starts like HTTP", bytes("GET well soon\n"), null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sniffed")
	void foreignProtocolIsOnlyTlsWhenTheSniffedBytesLookLikeAClientHello(String name, byte[] input, String expected)
			throws IOException {
		// PROTOCOL.md §2
		LineFramer framer = prefetching(input);
		assertThat(framer.prefetch()).isTrue();
		assertThat(framer.foreignProtocol()).isEqualTo(expected);
	}

	@Test
	void ctrlVFirstLineIsALineOnceTheSniffFoundNothingForeign() throws IOException {
		LineFramer framer = prefetching(concat(raw(0x16), bytes("paste\n")));
		assertThat(framer.prefetch()).isTrue();
		assertThat(framer.foreignProtocol()).isNull();
		assertThat(framer.next()).isEqualTo(new InboundFrame.Line(concat(raw(0x16), bytes("paste"))));
		assertThat(framer.foreignProtocol()).isNull();
	}

	private static List<String> frames(byte[] input, int chunk) throws IOException {
		LineFramer framer = framer(input, chunk);
		List<String> frames = new ArrayList<>();
		while (true) {
			try {
				frames.add(describe(framer.next()));
			}
			catch (EOFException ex) {
				return frames;
			}
		}
	}

	private static LineFramer framer(byte[] input, int chunk) {
		return new LineFramer(new ChunkedInputStream(input, chunk), MAX, 5, (reply) -> {
		});
	}

	private static LineFramer prefetching(byte[] input) {
		return new LineFramer(new ByteArrayInputStream(input), MAX, 64, (reply) -> {
		});
	}

	private static String describe(InboundFrame frame) {
		return switch (frame) {
			case InboundFrame.Line line -> new String(line.bytes(), StandardCharsets.ISO_8859_1);
			case InboundFrame.Overlong overlong -> "<overlong>";
			case InboundFrame.Interrupt interrupt -> "<interrupt>";
			case InboundFrame.Foreign foreign -> "<foreign " + foreign.protocol() + ">";
			case InboundFrame.Throttled throttled -> "<throttled>";
			case InboundFrame.AddressThrottled throttled -> "<address throttled>";
			case InboundFrame.LineTimeout timeout -> "<line timeout>";
			case InboundFrame.Flooding flooding -> "<flooding>";
		};
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	static byte[] raw(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/** Returns at most {@code chunk} bytes per read, as a TCP stream may. */
	private static final class ChunkedInputStream extends InputStream {

		private final byte[] data;

		private final int chunk;

		private int pos;

		ChunkedInputStream(byte[] data, int chunk) {
			this.data = data;
			this.chunk = chunk;
		}

		@Override
		public int read() {
			return (this.pos < this.data.length) ? this.data[this.pos++] & 0xFF : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (this.pos >= this.data.length) {
				return -1;
			}
			int n = Math.min(Math.min(len, this.chunk), this.data.length - this.pos);
			System.arraycopy(this.data, this.pos, b, off, n);
			this.pos += n;
			return n;
		}

	}

}
