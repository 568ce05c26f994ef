package dev.switchboard.gateway;

import java.util.concurrent.CompletableFuture;

import dev.switchboard.SwitchboardApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4 "Graceful shutdown and drain". */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.admin.password=" + Http.OPERATOR_PASSWORD })
@DirtiesContext
class DrainIntegrationTests extends ServerFixture {

	@LocalServerPort
	int httpPort;

	@Autowired
	MeterRegistry registry;

	@Test
	void drainRequestTellsEveryoneClosesThemRefusesNewcomersAndTakesReadinessDown() {
		Http http = new Http(this.httpPort).operator();
		double shutdowns = this.registry.get("switchboard.connections.closed")
			.tag("listener", "plain")
			.tag("reason", "shutdown")
			.functionCounter()
			.count();
		try (LineClient ann = login("ann"); LineClient ben = login("ben")) {
			ann.awaitLine("\\* guest-\\d+ is now known as ben");
			assertThat(http.post("/actuator/switchboard/drain", "{}").body()).contains("\"connectionsLeft\":0");
			ann.expectLine("\\* Server is shutting down; please reconnect in a minute\\.");
			ann.expectClosed();
			ben.expectLine("\\* Server is shutting down; please reconnect in a minute\\.");
			ben.expectClosed();
		}
		try (LineClient late = connect()) {
			late.expectClosed();
		}
		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(http.get("/actuator/health").body()).contains("\"draining\":true").contains("OUT_OF_SERVICE");
		assertThat(this.registry.get("switchboard.connections.closed")
			.tag("listener", "plain")
			.tag("reason", "shutdown")
			.functionCounter()
			.count()).isEqualTo(shutdowns + 2);
	}

	@Test
	void closingTheApplicationAsOnSigtermDrainsBeforeTheListenerStops() {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SwitchboardApplication.class)
			.run("--switchboard.tcp.port=0", "--server.port=0", "--switchboard.tcp.sniff-window=0");
		int chatPort = app.getBean("chatServer", TcpNetServerConnectionFactory.class).getPort();
		try (LineClient ann = LineClient.login(chatPort, "ann"); LineClient ben = LineClient.login(chatPort, "ben")) {
			ann.awaitLine("\\* guest-\\d+ is now known as ben");
			CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
			ann.expectLine("\\* Server is shutting down; please reconnect in a minute\\.");
			ann.expectClosed();
			ben.expectLine("\\* Server is shutting down; please reconnect in a minute\\.");
			ben.expectClosed();
			closing.join();
		}
		assertThat(app.isActive()).isFalse();
	}

}
