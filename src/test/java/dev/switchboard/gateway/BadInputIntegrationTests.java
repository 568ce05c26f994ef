package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2 "Bad input": each case over a real socket. In every case the other user's lines
 * arrive intact and the server frees everything afterwards (checked by
 * {@link ServerFixture}).
 */
@ChatServerTest
class BadInputIntegrationTests extends ServerFixture {

	private static final int MAX_LINE = 4096;

	@Test
	void overlongLineGetsOneErrorAndTheConnectionStaysUsable() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.send("x".repeat(MAX_LINE + 1) + " tail");
			bob.expectLine("! Line too long \\(over 4096 bytes\\): not sent, and the rest of it is discarded\\.");
			bob.send("y".repeat(MAX_LINE));
			alice.expectLine("\\[#lobby\\] bob: y{4096}");
			alice.expectNothing();
			bob.expectNothing();
		}
	}

	@Test
	void tenMegabytesWithNoNewlineAreDiscardedAsTheyStreamIn() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			byte[] megabyte = "z".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
			bob.sendRaw(megabyte);
			bob.expectLine("! Line too long \\(over 4096 bytes\\).*");
			for (int i = 1; i < 10; i++) {
				bob.sendRaw(megabyte);
			}
			bob.send(" end of the junk").send("still here");
			alice.expectLine("\\[#lobby\\] bob: still here");
			bob.expectNothing();
		}
	}

	@Test
	void invalidUtf8IsRejectedWithAnErrorAndNotRelayed() {
		byte[][] invalid = { { (byte) 0xC3, 0x28 }, { (byte) 0xC0, (byte) 0xAF },
				{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
				{ 'o', 'k', (byte) 0xE2, (byte) 0x82 } };
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			for (byte[] bytes : invalid) {
				bob.sendRaw(line(bytes)).expectLine("! That line is not valid UTF-8 and was not sent; .*");
			}
			bob.send("caf\u00e9 \u2615 \uD83D\uDE00");
			alice.expectLine("\\[#lobby\\] bob: caf\u00e9 \u2615 \uD83D\uDE00");
			alice.expectNothing();
		}
	}

	@Test
	void strayByte0xFFIsRejectedAsInvalidUtf8AndTheByteAfterItIsKept() {
		// PROTOCOL.md §1: 0xFF before a byte below 0xF0 is data, not a telnet command
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.sendRaw(new byte[] { 'c', 'a', 'f', (byte) 0xFF, 'e', '\n' })
				.expectLine("! That line is not valid UTF-8 and was not sent; .*");
			bob.sendRaw(new byte[] { 's', 't', 'r', 'a', 'y', (byte) 0xFF });
			bob.sendRaw(new byte[] { '\n', 'n', 'e', 'x', 't', '\n' })
				.expectLine("! That line is not valid UTF-8 and was not sent; .*");
			alice.expectLine("\\[#lobby\\] bob: next");
			alice.expectNothing();
		}
	}

	@Test
	void controlCharactersAndAnsiEscapesNeverReachOtherTerminals() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.send("\u001b[2J\u001b[31mred\u001b[0m\u0007 bell\u0000nul\u007fdel\u009b31mC1\u0085 tab\there");
			String line = alice.expectLine("\\[#lobby\\] bob: .*");
			assertThat(line).isEqualTo("[#lobby] bob: red bellnuldelC1 tab\there");
			assertThat(line.chars()).noneMatch((c) -> (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F));
			bob.send("\u001b]0;pwned title\u0007visible");
			alice.expectLine("\\[#lobby\\] bob: visible");
		}
	}

	@Test
	void telnetNegotiationIsConsumedAndRefused() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			// IAC WILL NAWS, IAC SB NAWS 0 80 0 24 IAC SE, "hi", IAC NOP, CR LF
			bob.sendRaw(new byte[] { (byte) 0xFF, (byte) 0xFB, 0x1F, (byte) 0xFF, (byte) 0xFA, 0x1F, 0, 80, 0, 24,
					(byte) 0xFF, (byte) 0xF0, 'h', 'i', (byte) 0xFF, (byte) 0xF1, '\r', '\n' });
			alice.expectLine("\\[#lobby\\] bob: hi");
			bob.sendRaw(new byte[] { (byte) 0xFF, (byte) 0xFD, 0x01 });
			// DONT NAWS (answering WILL NAWS), then WONT ECHO (answering DO ECHO)
			assertThat(readBytes(bob, 6)).containsExactly(0xFF, 0xFE, 0x1F, 0xFF, 0xFC, 0x01);
		}
	}

	@Test
	void telnetCtrlCEndsTheSessionLikeQuitSoTheClientNeverHangs() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.sendRaw("half a li".getBytes(StandardCharsets.US_ASCII));
			bob.sendRaw(new byte[] { (byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xFD, 0x06 });
			bob.expectLine("\\* Bye!");
			bob.expectClosed();
			alice.expectLine("\\* bob quit \\(Quit: interrupted\\)");
			alice.expectNothing();
		}
	}

	@Test
	void httpRequestGetsOneLineSayingWhatThisPortIsThenClose() {
		try (LineClient lobby = login("watcher"); LineClient http = connect()) {
			http.sendRaw("GET / HTTP/1.1\r\nHost: localhost:9999\r\nUser-Agent: curl/8\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			http.expectLine(
					"! This is a Switchboard chat port: plain text lines, not HTTP\\. Connect with nc or telnet\\. Closing\\.");
			http.expectClosed();
			lobby.expectNothing();
		}
	}

	@Test
	void tlsClientHelloGetsOneLineThenClose() {
		try (LineClient lobby = login("watcher"); LineClient tls = connect()) {
			// A TLS 1.0 record header, then the start of a ClientHello, inside the window
			tls.sendRaw(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC, 0x03, 0x03 });
			tls.expectLine("! This is a Switchboard chat port: plain text lines, not TLS\\. .*");
			tls.expectClosed();
			lobby.expectNothing();
		}
	}

	@Test
	void ctrlVAtTheStartOfTheFirstTypedLineIsSaidNormally() {
		// PROTOCOL.md §2: only a ClientHello inside the sniff window is TLS
		try (LineClient alice = login("alice"); LineClient person = connect()) {
			person.expectLine("\\* Welcome to Switchboard, (guest-\\d+)! .*");
			person.expectLine("\\* You joined #lobby \\(2 members\\)");
			String nick = alice.expectLine("\\* guest-\\d+ joined #lobby").split(" ")[1];
			person.sendRaw(new byte[] { 0x16, 'h', 'e', 'l', 'l', 'o', '\n' });
			alice.expectLine("\\[#lobby\\] " + nick + ": hello");
			person.send("/quit").expectLine("\\* Bye!");
			person.expectClosed();
		}
	}

	@Test
	void ctrlVLineSentInsideTheSniffWindowIsNotTakenForTls() {
		try (LineClient alice = login("alice"); LineClient script = connect()) {
			script.sendRaw(new byte[] { 0x16, 0x03, 'p', 'a', 's', 't', 'e', 'd', '\n' });
			script.expectLine("\\* Welcome to Switchboard, guest-\\d+! .*");
			String nick = alice.expectLine("\\* guest-\\d+ joined #lobby").split(" ")[1];
			alice.expectLine("\\[#lobby\\] " + nick + ": pasted");
			script.send("/quit");
			script.awaitLine("\\* Bye!");
			script.expectClosed();
		}
	}

	@Test
	void lastLineWithoutNewlineIsSaidWhenTheClientClosesCleanly() {
		// PROTOCOL.md §1: like sock.send(b"hello"); sock.close() from a script
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.sendRaw("hello".getBytes(StandardCharsets.US_ASCII));
			bob.shutdownOutput();
			alice.expectLine("\\[#lobby\\] bob: hello");
			alice.expectLine("\\* bob quit \\(connection closed\\)");
			bob.expectClosed();
		}
	}

	@Test
	void unterminatedLineSentInsideTheSniffWindowIsSaidBeforeTheClose() {
		// printf 'deploy done' | nc -q1 host 9999
		try (LineClient alice = login("alice"); LineClient script = connect()) {
			script.sendRaw("deploy done".getBytes(StandardCharsets.US_ASCII));
			script.shutdownOutput();
			String nick = alice.expectLine("\\* guest-\\d+ joined #lobby").split(" ")[1];
			alice.expectLine("\\[#lobby\\] " + nick + ": deploy done");
			alice.expectLine("\\* " + nick + " quit \\(connection closed\\)");
			script.expectClosed();
		}
	}

	@Test
	void partialLineIsDroppedWhenTheClientResets() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.sendRaw("never finished".getBytes(StandardCharsets.US_ASCII));
			bob.reset();
			alice.expectLine("\\* bob quit \\(connection reset\\)");
			alice.expectNothing();
		}
	}

	@Test
	void clientThatResetsMidLineIsFreedAndOthersSeeItQuit() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.send("/join side").expectLine("\\* You joined #side.*");
			bob.sendRaw("a line that never ends".getBytes(StandardCharsets.US_ASCII));
			bob.reset();
			alice.expectLine("\\* bob quit \\(connection (reset|closed)\\)");
		}
		try (LineClient again = login("bob")) {
			again.send("/rooms").expectLine("\\* Rooms: #lobby \\(1\\)");
		}
	}

	@Test
	void clientThatClosesWithUnreadDataIsFreed() {
		try (LineClient alice = login("alice")) {
			LineClient bob = login("bob");
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			for (int i = 0; i < 200; i++) {
				alice.send("line " + i + " " + "p".repeat(200));
			}
			bob.close();
			alice.expectLine("\\* bob quit \\(connection (reset|closed)\\)");
		}
	}

	@Test
	void pipelinedAndByteAtATimeInputGiveIdenticalResults() {
		byte[] script = script();
		List<String> pipelined = run((client) -> client.sendRaw(script));
		List<String> trickled = run((client) -> client.sendByteAtATime(script));
		assertThat(pipelined).hasSize(100);
		assertThat(trickled).isEqualTo(pipelined);
	}

	private List<String> run(java.util.function.Consumer<LineClient> sender) {
		try (LineClient client = login("scripted")) {
			sender.accept(client);
			List<String> lines = new ArrayList<>();
			String line;
			do {
				line = client.nextLine(LineClient.LINE_TIMEOUT);
				assertThat(line).isNotNull();
				lines.add(line);
			}
			while (!"* pong end".equals(line));
			client.send("/quit").expectLine("\\* Bye!");
			client.expectClosed();
			return lines;
		}
	}

	// 100 commands, each answered by exactly one line, mixing CRLF and LF endings.
	private static byte[] script() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < 99; i++) {
			String command = switch (i % 5) {
				case 0 -> "/join room" + (i % 7);
				case 1 -> "/ping " + i;
				case 2 -> "/who";
				case 3 -> "/nosuch" + i;
				default -> "/nick scripted" + i;
			};
			out.writeBytes((command + ((i % 2 == 0) ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
		}
		out.writeBytes("/ping end\n".getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	private static byte[] line(byte[] bytes) {
		byte[] line = new byte[bytes.length + 1];
		System.arraycopy(bytes, 0, line, 0, bytes.length);
		line[bytes.length] = '\n';
		return line;
	}

	private static int[] readBytes(LineClient client, int count) {
		return client.readRawBytes(count);
	}

}
