package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, bug 2: a client cut as a slow consumer while its reader is still executing
 * the lines it already read must leave nothing behind: no nick claimed by a dead session,
 * no ghost room member, no registry entry, and no effect of any later line. Before the
 * fix, the close ran on the writer or watchdog thread while the reader went on renaming
 * and joining, so a few of these clients left their last nick or room behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.outbound.max-pending=8KB", "switchboard.outbound.close-grace=100ms",
				"switchboard.tcp.max-connections-per-address=0" })
class CloseRaceIntegrationTests extends ServerFixture {

	@Test
	void clientsCutWhileRenamingAndJoiningLeaveNoNickRoomOrSessionBehind() {
		for (int round = 0; round < 4; round++) {
			List<LineClient> clients = new ArrayList<>();
			for (int c = 0; c < 24; c++) {
				LineClient client = LineClient.connectSlow(this.port);
				clients.add(client);
				sendUntilCut(client, churn("r" + round + "c" + c));
			}
			await().atMost(java.time.Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.sessions.size()).isZero());
			clients.forEach(LineClient::close);
			// The fixture then asserts that every nick, room and admitted connection is
			// gone: before the fix some of these stayed claimed by dead sessions.
			await().untilAsserted(() -> {
				assertThat(this.nicks.size()).as("nicks").isZero();
				assertThat(this.rooms.size()).as("rooms").isZero();
			});
		}
	}

	@Test
	void aNickFreedByACutClientCanBeTakenAtOnce() {
		try (LineClient squatter = LineClient.connectSlow(this.port)) {
			sendUntilCut(squatter, withHelpFlood(churn("alice"), 8000));
			// The registry lets go of a cut session at once; its rooms and nick are freed
			// when its reader has finished the lines it already read, and only then do
			// the
			// rooms see it quit. Wait for all of it, or bob, joining #lobby, may see it.
			await().untilAsserted(() -> {
				assertThat(this.sessions.size()).as("sessions").isZero();
				assertThat(this.nicks.size()).as("nicks").isZero();
				assertThat(this.rooms.size()).as("rooms").isZero();
			});
		}
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			bob.send("/msg alice still there?");
			alice.awaitLine("\\[dm\\] bob: still there\\?");
		}
	}

	/**
	 * Thousands of renames, joins and leaves in one burst, read by nobody: the replies
	 * pass max-pending and the client is cut while its reader is mid-burst. Names are as
	 * long as allowed, so the replies (about 400 KB) are more than the kernel's socket
	 * buffers can hide.
	 */
	private static byte[] churn(String prefix) {
		String nick = pad(prefix, 30);
		String room = pad(prefix + "-room", 62);
		ByteArrayOutputStream lines = new ByteArrayOutputStream();
		for (int i = 0; i < 4000; i++) {
			String line = switch (i % 4) {
				case 0 -> "/nick " + nick + (i % 7);
				case 1 -> "/join " + room + (i % 5);
				case 2 -> "/leave " + room + ((i + 3) % 5);
				default -> "/nick " + prefix;
			};
			lines.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return lines.toByteArray();
	}

	/**
	 * The burst, then {@code /help} lines whose replies (about 1 KiB each) are more than
	 * any kernel socket buffer can take (tcp_wmem's maximum is 4 MiB), so the client is
	 * cut however fast the server executes the burst: with accounts, a {@code /nick} asks
	 * the database, and the churn alone then trickled out slowly enough for the kernel to
	 * hide it.
	 */
	private static byte[] withHelpFlood(byte[] burst, int helps) {
		ByteArrayOutputStream lines = new ByteArrayOutputStream();
		lines.writeBytes(burst);
		lines.writeBytes("/help\n".repeat(helps).getBytes(StandardCharsets.UTF_8));
		return lines.toByteArray();
	}

	/** Sends the burst; the server may cut the client before it is all sent. */
	private static void sendUntilCut(LineClient client, byte[] burst) {
		try {
			client.sendRaw(burst);
		}
		catch (IllegalStateException ex) {
			// reset by the server mid-send: the cut this test is about
		}
	}

	private static String pad(String name, int length) {
		return name + "_".repeat(Math.max(0, length - name.length()));
	}

}
