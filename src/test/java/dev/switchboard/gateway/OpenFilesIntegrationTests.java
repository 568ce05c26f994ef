package dev.switchboard.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, bug 1: running out of file descriptors must not stop the chat listener. The
 * server runs in its own process so its open-file limit can be lowered with
 * {@code prlimit} (util-linux) while users are connected.
 */
class OpenFilesIntegrationTests {

	@Test
	void runningOutOfDescriptorsKeepsEveryoneConnectedAndAdmitsWaitingClientsOnceSomeFree() throws IOException {
		try (ChildServer server = ChildServer.start(List.of(), "--switchboard.tcp.sniff-window=0",
				"--switchboard.tcp.max-connections-per-address=0", "--switchboard.input.lines-per-second=0",
				"--switchboard.input.address-bytes-per-second=0")) {
			List<LineClient> first = new ArrayList<>();
			List<LineClient> waiting = new ArrayList<>();
			try {
				for (int i = 0; i < 40; i++) {
					first.add(LineClient.login(server.chatPort, "first" + i));
				}
				// Room for ten more connections, then every accept fails with "Too many
				// open files".
				int limit = server.openFiles() + 10;
				prlimit(server.pid(), limit);
				for (int i = 0; i < 30; i++) {
					waiting.add(LineClient.connect(server.chatPort));
				}
				// Before the fix the first failed accept stopped the listener and closed
				// everyone: then the active count falls.
				await().until(() -> metric(server, "switchboard_listener_accept_errors_total") > 0
						|| metric(server, "switchboard_connections_active") < first.size());
				first.get(0).send("still here");
				for (LineClient member : first.subList(1, first.size())) {
					member.awaitLine("\\[#lobby\\] first0: still here");
				}
				for (LineClient gone : first.subList(10, first.size())) {
					gone.close();
				}
				for (LineClient late : waiting) {
					late.awaitLine("\\* Welcome to Switchboard, guest-\\d+! .*");
				}
				assertThat(server.http().get("/actuator/health").body()).contains("\"status\":\"UP\"");
				assertThat(server.http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			}
			finally {
				first.forEach(LineClient::close);
				waiting.forEach(LineClient::close);
			}
		}
	}

	@Test
	void maxConnectionsIsLoweredToWhatTheOpenFileLimitAllowsAndTheLogSaysSo() {
		try (ChildServer server = ChildServer.start(List.of("prlimit", "--nofile=400:400"))) {
			String health = server.http().get("/actuator/health").body();
			int max = Integer.parseInt(health.replaceAll(".*\"maxConnections\":(\\d+).*", "$1"));
			assertThat(max).isBetween(1, 400 - OpenFileLimit.RESERVE);
			assertThat(server.output()).contains("switchboard.tcp.max-connections=10000 does not fit")
				.contains("using " + max);
		}
	}

	private static void prlimit(long pid, int files) {
		try {
			Process process = new ProcessBuilder("prlimit", "--pid", Long.toString(pid),
					"--nofile=" + files + ":" + files)
				.inheritIO()
				.start();
			assertThat(process.waitFor()).as("prlimit exit code").isZero();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static double metric(ChildServer server, String name) {
		String metrics = server.http().get("/actuator/prometheus").body();
		return metrics.lines()
			.filter((line) -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
