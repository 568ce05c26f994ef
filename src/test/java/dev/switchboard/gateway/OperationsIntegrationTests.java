package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4 "Health and management": actuator over real HTTP, chat over real sockets. */
class OperationsIntegrationTests extends ManagementFixture {

	@ParameterizedTest
	@ValueSource(strings = { "health", "info", "prometheus", "metrics", "switchboard" })
	void operationalEndpointsAreExposed(String endpoint) {
		assertThat(this.http.get("/actuator/" + endpoint).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "heapdump", "threaddump", "shutdown", "beans", "configprops", "loggers" })
	void sensitiveEndpointsAreNotExposed(String endpoint) {
		assertThat(this.http.get("/actuator/" + endpoint).statusCode()).isEqualTo(404);
		assertThat(this.http.post("/actuator/" + endpoint, "{}").statusCode()).isEqualTo(404);
	}

	@Test
	void withoutCredentialsTheOperatorEndpointAnswers401AndTheProbesOnlyTheirStatus() {
		// gh-11: admin ManagementSecurityIntegrationTests has the rest
		assertThat(this.anonymous.get("/actuator/switchboard").statusCode()).isEqualTo(401);
		assertThat(this.anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(this.anonymous.get("/actuator/health").body()).doesNotContain("tcpListener");
	}

	@Test
	void healthReportsTheTcpListenerAndReadinessIncludesIt() {
		try (LineClient ann = login("ann")) {
			String health = this.http.get("/actuator/health").body();
			// Every listener, the IRC one (issue 12) included, in bean order.
			assertThat(health)
				.contains("\"tcpListener\":{\"details\":{\"port\":" + this.port + ",\"connections\":1,"
						+ "\"maxConnections\":10000,\"draining\":false,\"listeners\":{")
				.contains("\"plain\":{\"port\":" + this.port + ",\"listening\":true,\"connections\":1}")
				.containsPattern("\"irc\":\\{\"port\":\\d+,\"listening\":true,\"connections\":0}")
				.contains("},\"status\":\"UP\"}");
			String readiness = this.http.get("/actuator/health/readiness").body();
			assertThat(readiness).contains("\"tcpListener\"").contains("\"status\":\"UP\"");
			assertThat(this.http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void sessionsAreListedWithAddressRoomsAndTraffic() {
		try (LineClient ann = login("ann")) {
			ann.send("/join ops").expectLine("\\* You joined #ops.*");
			String body = this.http.get("/actuator/switchboard").body();
			assertThat(body).contains("\"draining\":false")
				.containsPattern(
						"\"nick\":\"ann\",\"address\":\"127\\.0\\.0\\.1:\\d+\",\"rooms\":\\[\"lobby\",\"ops\"\\],"
								+ "\"connectedSince\":\"[0-9T:.\\-]+Z\",\"bytesIn\":\\d+,\"bytesOut\":\\d+,\"queuedBytes\":0");
		}
	}

	@Test
	void kickTellsTheUserWhyClosesItAndTheRoomSeesTheReason() {
		try (LineClient ann = login("ann"); LineClient ben = login("ben")) {
			ann.awaitLine("\\* guest-\\d+ is now known as ben");
			String result = this.http.post("/actuator/switchboard/kick", "{\"nick\":\"BEN\",\"reason\":\"spamming\"}")
				.body();
			assertThat(result).contains("\"kicked\":true");
			ben.expectLine("! You were disconnected by an operator: spamming");
			ben.expectClosed();
			ann.expectLine("\\* ben quit \\(Kicked: spamming\\)");
			assertThat(this.http.post("/actuator/switchboard/kick", "{\"nick\":\"ben\"}").body())
				.contains("\"kicked\":false");
		}
	}

	@Test
	void announceReachesEveryoneOrOnlyOneRoom() {
		try (LineClient ann = login("ann"); LineClient ben = login("ben")) {
			ann.awaitLine("\\* guest-\\d+ is now known as ben");
			ben.send("/join ops").expectLine("\\* You joined #ops.*");
			this.http.post("/actuator/switchboard/announce", "{\"text\":\"restart at noon\"}");
			ann.expectLine("\\* \\[server\\] restart at noon");
			ben.expectLine("\\* \\[server\\] restart at noon");
			assertThat(this.http.post("/actuator/switchboard/announce", "{\"text\":\"ops only\",\"room\":\"#ops\"}")
				.body()).contains("\"recipients\":1");
			ben.expectLine("\\* \\[server\\] ops only");
			ann.expectNothing();
		}
	}

}
