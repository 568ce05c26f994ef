package dev.switchboard.admin;

import java.net.http.HttpResponse;
import java.util.List;

import dev.switchboard.gateway.Http;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 "Protected operations", over real HTTP: every endpoint with no, wrong and
 * right credentials. Each test that fails a login does it from a loopback address of its
 * own, so the throttle (3 failures here) of one test never blocks another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.tcp.port=0", "switchboard.admin.password=" + Http.OPERATOR_PASSWORD,
				"switchboard.admin.max-failed-logins=3" })
@ExtendWith(OutputCaptureExtension.class)
class ManagementSecurityIntegrationTests {

	private static final String WRONG = "not-the-password";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	Http anonymous;

	@BeforeEach
	void http() {
		this.anonymous = new Http(this.port);
	}

	@ParameterizedTest
	@CsvSource({ "GET, /actuator/switchboard, 200, 127.0.2.1", "POST, /actuator/switchboard/announce, 200, 127.0.2.2",
			"POST, /actuator/switchboard/kick, 404, 127.0.2.3",
			"POST, /actuator/switchboard/nonsense, 400, 127.0.2.4" })
	void operatorEndpointNeedsTheOperatorsCredentials(String method, String path, int withRightCredentials,
			String from) {
		Http stranger = this.anonymous.from(from);
		assertChallenged(call(stranger, method, path));
		assertChallenged(call(stranger.as("admin", WRONG), method, path));
		assertChallenged(call(stranger.as("root", Http.OPERATOR_PASSWORD), method, path));
		assertThat(call(this.anonymous.operator(), method, path).statusCode()).isEqualTo(withRightCredentials);
	}

	@Test
	void drainNeedsTheOperatorsCredentialsAndDoesNothingWithout() {
		Http stranger = this.anonymous.from("127.0.1.2");
		assertChallenged(stranger.post("/actuator/switchboard/drain", "{}"));
		assertChallenged(stranger.as("admin", WRONG).post("/actuator/switchboard/drain", "{}"));
		assertThat(this.anonymous.operator().get("/actuator/switchboard").body()).contains("\"draining\":false");
		assertThat(this.anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void curlWithBasicAuthNeedsNoCsrfTokenAndGetsNoSessionCookie() {
		HttpResponse<String> response = this.anonymous.operator()
			.post("/actuator/switchboard/announce", "{\"text\":\"hello\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"action\":\"announce\"").contains("\"recipients\":0");
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/actuator/prometheus", "/actuator/metrics" })
	void probesInfoAndMetricsAreOpenByDefault(String path) {
		assertThat(this.anonymous.get(path).statusCode()).isEqualTo(200);
		assertThat(this.anonymous.operator().get(path).statusCode()).isEqualTo(200);
	}

	@Test
	void healthShowsOnlyItsStatusToAnonymousCallersAndDetailsToTheOperator() {
		assertThat(this.anonymous.get("/actuator/health").body()).contains("\"status\":\"UP\"")
			.doesNotContain("components")
			.doesNotContain("tcpListener");
		assertThat(this.anonymous.get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(this.anonymous.get("/actuator/health/tcpListener").statusCode()).isEqualTo(404);
		assertThat(this.anonymous.operator().get("/actuator/health").body()).contains("\"tcpListener\"")
			.contains("\"maxConnections\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "configprops", "beans", "heapdump" })
	void endpointsThatAreNotExposedNeedCredentialsBeforeTheyAnswer404(String endpoint) {
		assertChallenged(this.anonymous.from("127.0.1.3").get("/actuator/" + endpoint));
		assertThat(this.anonymous.operator().get("/actuator/" + endpoint).statusCode()).isEqualTo(404);
	}

	@Test
	void afterThreeFailuresAnAddressGets429EvenWithTheRightPasswordAndOthersDoNot() {
		Http attacker = this.anonymous.from("127.0.1.4");
		for (int i = 0; i < 3; i++) {
			assertChallenged(attacker.as("admin", WRONG + i).get("/actuator/switchboard"));
		}
		HttpResponse<String> refused = attacker.operator().get("/actuator/switchboard");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		assertThat(refused.body()).startsWith("{\"error\":\"Too many failed logins from your address");
		assertThat(attacker.get("/actuator/health/readiness").statusCode()).as("probes without credentials")
			.isEqualTo(200);
		assertThat(this.anonymous.from("127.0.1.5").operator().get("/actuator/switchboard").statusCode())
			.as("another address")
			.isEqualTo(200);
	}

	@Test
	void failedLoginsAreCountedAndThrottledAttemptsApart() {
		double bad = failures("bad_credentials");
		double throttled = failures("throttled");
		Http attacker = this.anonymous.from("127.0.1.6");
		for (int i = 0; i < 4; i++) {
			attacker.as("admin", WRONG).get("/actuator/switchboard");
		}
		assertThat(failures("bad_credentials")).isEqualTo(bad + 3);
		assertThat(failures("throttled")).isEqualTo(throttled + 1);
		assertThat(this.anonymous.get("/actuator/prometheus").body())
			.contains("switchboard_admin_auth_failures_total{application=\"switchboard\",reason=\"bad_credentials\"}");
	}

	@Test
	void aFailedLoginIsLoggedOnceWithUserAndAddressAndNeitherPasswordAppearsAnywhere(CapturedOutput output) {
		HttpResponse<String> wrong = this.anonymous.from("127.0.1.7")
			.as("mallory\r\nforged", WRONG)
			.get("/actuator/switchboard");
		HttpResponse<String> right = this.anonymous.operator().get("/actuator/switchboard");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Failed operator login")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("'malloryforged' from 127.0.1.7 (1 of 3 within 60 s)");
		assertThat(output.getAll()).doesNotContain(WRONG).doesNotContain(Http.OPERATOR_PASSWORD);
		for (HttpResponse<String> response : List.of(wrong, right)) {
			assertThat(response.body()).doesNotContain(WRONG).doesNotContain(Http.OPERATOR_PASSWORD);
			assertThat(response.headers().map().toString()).doesNotContain(WRONG)
				.doesNotContain(Http.OPERATOR_PASSWORD);
		}
		assertThat(this.anonymous.get("/actuator/prometheus").body()).doesNotContain(Http.OPERATOR_PASSWORD);
		assertThat(this.anonymous.operator().get("/actuator/metrics").body()).doesNotContain(Http.OPERATOR_PASSWORD);
	}

	private static HttpResponse<String> call(Http http, String method, String path) {
		return method.equals("GET") ? http.get(path) : http.post(path, "{\"nick\":\"ghost\",\"text\":\"hi\"}");
	}

	private static void assertChallenged(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"switchboard\"");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).startsWith("{\"error\":\"This needs HTTP Basic credentials");
	}

	private double failures(String reason) {
		return this.registry.get(FailedLogins.METER).tag("reason", reason).counter().count();
	}

}
