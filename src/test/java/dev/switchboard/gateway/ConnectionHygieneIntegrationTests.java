package dev.switchboard.gateway;

import java.io.IOException;
import java.net.Socket;

import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, weak spots: a started line has a deadline ({@code line-timeout}) however
 * slowly its bytes trickle in, an idle connection has none, and every client socket has
 * TCP keepalive tuned from the settings so a vanished peer is found in minutes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0", "switchboard.tcp.line-timeout=1s",
				"switchboard.tcp.keepalive-idle=45s", "switchboard.tcp.keepalive-interval=7s",
				"switchboard.tcp.keepalive-count=4" })
class ConnectionHygieneIntegrationTests extends ServerFixture {

	@Autowired
	LiveConnections live;

	@Test
	void aLineTrickledInByteByByteIsCutAtTheLineTimeoutWhileAnIdleConnectionStays() {
		try (LineClient idle = login("idle"); LineClient slowloris = login("slowloris")) {
			idle.awaitLine("\\* guest-\\d+ is now known as slowloris");
			long started = System.nanoTime();
			String line = null;
			for (int i = 0; line == null && i < 40; i++) {
				slowloris.sendRaw(new byte[] { 'x' });
				line = slowloris.nextLine(java.time.Duration.ofMillis(200));
			}
			assertThat(line).isEqualTo(
					"! Disconnected: a line was started and not finished within 1 s; end every line with Enter (LF).");
			assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(1_000_000_000L);
			slowloris.expectClosed();
			idle.expectLine("\\* slowloris quit \\(timeout\\)");
			idle.send("/ping still here").expectLine("\\* pong still here");
		}
	}

	@Test
	void aClientStreamingInChunksThatNeverEndOnALineIsNotCutThoughEveryReadIsMidLine() {
		try (LineClient member = login("member"); LineClient bot = login("bot")) {
			member.awaitLine("\\* guest-\\d+ is now known as bot");
			// 3 s of 20-byte lines sent in 21-byte chunks: every chunk ends inside the
			// next
			// line, each line is finished within 50 ms, and the total passes the 1 s
			// timeout.
			StringBuilder stream = new StringBuilder();
			for (int i = 0; i < 60; i++) {
				stream.append(String.format("line %014d\n", i));
			}
			byte[] bytes = stream.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			for (int offset = 0; offset < bytes.length; offset += 21) {
				bot.sendRaw(java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 21)));
				java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
			}
			for (int i = 0; i < 60; i++) {
				member.expectLine(String.format("\\[#lobby\\] bot: line %014d", i));
			}
			bot.send("/ping still here").awaitLine("\\* pong still here");
		}
	}

	@Test
	void aClientThatHalfClosesStillReadsWhatWasQueuedForIt() {
		try (LineClient ann = login("ann")) {
			ann.send("/ping before half-close");
			ann.shutdownOutput();
			ann.expectLine("\\* pong before half-close");
			ann.expectClosed();
		}
	}

	@Test
	void everyClientSocketHasKeepaliveTunedFromTheSettings() throws IOException {
		try (LineClient ann = login("ann")) {
			await().until(() -> this.live.all().iterator().hasNext());
			Socket socket = this.live.all().iterator().next().socket();
			assertThat(socket.getKeepAlive()).isTrue();
			assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(45);
			assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(7);
			assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(4);
		}
	}

}
