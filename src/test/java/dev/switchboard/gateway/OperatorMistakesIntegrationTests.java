package dev.switchboard.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reliability issue, operator endpoint: a mistake in an operator call gets a 4xx status
 * with a JSON {@code error} that says what to do, reaches nobody, and logs nothing at
 * ERROR. README "Operations".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class OperatorMistakesIntegrationTests extends ServerFixture {

	@LocalServerPort
	int httpPort;

	Http http;

	@BeforeEach
	void http() {
		this.http = new Http(this.httpPort);
	}

	@Test
	void announceIntoAnInvalidRoomIsABadRequestAndLogsNoError(CapturedOutput output) {
		try (LineClient ann = login("ann")) {
			HttpResponse<String> response = this.http.post("/actuator/switchboard/announce",
					"{\"text\":\"hi\",\"room\":\"#no room\"}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).isEqualTo(
					"{\"error\":\"Invalid room '#no room': use letters, digits, _, - or ., " + "at most 64 in all.\"}");
			ann.expectNothing();
		}
		assertThat(output).doesNotContain(" ERROR ").doesNotContain("ProtocolException");
	}

	@Test
	void announceIntoARoomWithNoMembersIsNotFound() {
		try (LineClient ann = login("ann")) {
			HttpResponse<String> response = this.http.post("/actuator/switchboard/announce",
					"{\"text\":\"hi\",\"room\":\"#Nowhere\"}");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body())
				.isEqualTo("{\"error\":\"There is no room #Nowhere: " + "a room exists only while it has members.\"}");
			ann.expectNothing();
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			reboot   | {}                            | Unknown action 'reboot'; use kick, announce or drain.
			kick     | {"reason":"spam"}             | kick needs a nick.
			announce | {}                            | announce needs a text.
			announce | {"text":"  "}                 | announce needs a text.
			""")
	void unknownActionsAndMissingOrEmptyArgumentsAreBadRequests(String action, String json, String error) {
		try (LineClient ann = login("ann")) {
			HttpResponse<String> response = this.http.post("/actuator/switchboard/" + action, json);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).isEqualTo("{\"error\":\"" + error + "\"}");
			ann.expectNothing();
		}
	}

	@Test
	void kickOfANickNobodyHasIsNotFound() {
		HttpResponse<String> response = this.http.post("/actuator/switchboard/kick", "{\"nick\":\"ghost\"}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo(
				"{\"error\":\"Nobody has the nick ghost.\",\"action\":\"kick\",\"nick\":\"ghost\",\"kicked\":false}");
	}

}
