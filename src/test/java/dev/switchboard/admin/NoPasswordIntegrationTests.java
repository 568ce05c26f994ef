package dev.switchboard.admin;

import dev.switchboard.SwitchboardApplication;
import dev.switchboard.gateway.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: there is no default password. Started here, not by the test framework, so the
 * captured output holds the whole start.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPasswordIntegrationTests {

	@Test
	void withoutAPasswordTheOperatorEndpointAnswers401ToEveryoneAndTheStartLogSaysOnceHowToEnableIt(
			CapturedOutput output) {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SwitchboardApplication.class)
			.run("--switchboard.tcp.port=0", "--server.port=0", "--spring.main.banner-mode=off")) {
			Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
			for (String password : new String[] { "", "admin", "password", "null" }) {
				assertThat(http.as("admin", password).get("/actuator/switchboard").statusCode()).isEqualTo(401);
			}
			assertThat(http.get("/actuator/switchboard").statusCode()).isEqualTo(401);
			assertThat(http.post("/actuator/switchboard/drain", "{}").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(output.getOut().lines().filter((line) -> line.contains("No operator password is set")))
				.singleElement()
				.asString()
				.contains("switchboard.admin.password")
				.contains("SWITCHBOARD_ADMIN_PASSWORD");
			assertThat(output.getOut()).doesNotContain("Using generated security password");
		}
	}

}
