package dev.switchboard.admin;

import dev.switchboard.gateway.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: the operator password given as a {@code {bcrypt}} hash, and Prometheus
 * scraping made to need the same credentials with {@code protect-metrics}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "switchboard.tcp.port=0",
		"switchboard.admin.username=ops", "switchboard.admin.protect-metrics=true" })
class HashedPasswordIntegrationTests {

	private static final String PASSWORD = "correct horse battery staple";

	@LocalServerPort
	int port;

	Http anonymous;

	@DynamicPropertySource
	static void hashedPassword(DynamicPropertyRegistry registry) {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
		registry.add("switchboard.admin.password", () -> hash);
	}

	@BeforeEach
	void http() {
		this.anonymous = new Http(this.port);
	}

	@Test
	void theOperatorLogsInWithThePasswordWhoseBcryptHashIsSet() {
		assertThat(this.anonymous.as("ops", PASSWORD).get("/actuator/switchboard").statusCode()).isEqualTo(200);
		assertThat(this.anonymous.as("ops", "wrong").get("/actuator/switchboard").statusCode()).isEqualTo(401);
		assertThat(this.anonymous.as("admin", PASSWORD).get("/actuator/switchboard").statusCode()).isEqualTo(401);
	}

	@Test
	void theHashItselfIsNotAPassword() {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
		assertThat(this.anonymous.as("ops", hash).get("/actuator/switchboard").statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus", "/actuator/metrics" })
	void withProtectMetricsScrapingNeedsTheOperatorsCredentials(String path) {
		assertThat(this.anonymous.get(path).statusCode()).isEqualTo(401);
		assertThat(this.anonymous.as("ops", "wrong").get(path).statusCode()).isEqualTo(401);
		assertThat(this.anonymous.as("ops", PASSWORD).get(path).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void probesStayOpenWithProtectMetrics(String path) {
		assertThat(this.anonymous.get(path).statusCode()).isEqualTo(200);
	}

}
