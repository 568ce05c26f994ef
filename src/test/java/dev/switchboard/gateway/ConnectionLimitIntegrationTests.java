package dev.switchboard.gateway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 2: connection over {@code switchboard.tcp.max-connections}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = { "switchboard.tcp.port=0",
		"switchboard.tcp.max-connections=3", "switchboard.tcp.sniff-window=0" })
class ConnectionLimitIntegrationTests extends ServerFixture {

	@Test
	void connectionOverTheMaximumIsToldTheServerIsFullAndTheCountRecovers() {
		assertThat(this.connectionLimit.max()).isEqualTo(3);
		for (int round = 0; round < 2; round++) {
			List<LineClient> admitted = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				admitted.add(login("user" + i));
			}
			try (LineClient extra = connect()) {
				extra.expectLine("! Server full: too many connections\\. Try again later\\.");
				extra.expectClosed();
			}
			admitted.getFirst().send("/who").awaitLine("\\* #lobby \\(3\\): user0, user1, user2");
			admitted.forEach(LineClient::close);
			everythingIsFreed();
		}
	}

}
