package dev.switchboard.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reliability issue, operator endpoint: a mistake in an operator call gets a 4xx status
 * with a JSON {@code error} that says what to do, reaches nobody, and logs nothing at
 * ERROR. README "Operations".
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorMistakesIntegrationTests extends ManagementFixture {

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
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					reboot   | {}                            | Unknown action 'reboot'; use kick, announce or drain.
					kick     | {"reason":"spam"}             | kick needs a nick.
					announce | {}                            | announce needs a text.
					announce | {"text":"  "}                 | announce needs a text.
					announce | {"text":"\\u001b[2J\\r\\n"} | The text is blank once control characters and escape sequences are removed.
					kick     | {"nick":"ann","reason":"\\u0007"} | The reason is blank once control characters and escape sequences are removed; leave it out to give none.
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

	@Test
	void announceOfUpTo4096BytesIsSentAndOneByteMoreIsABadRequest() {
		String e2048 = "\u00e9".repeat(2048);
		try (LineClient ann = login("ann")) {
			HttpResponse<String> atLimit = this.http.post("/actuator/switchboard/announce",
					"{\"text\":\"" + e2048 + "\"}");
			assertThat(atLimit.statusCode()).isEqualTo(200);
			ann.expectLine("\\* \\[server\\] " + e2048);
			HttpResponse<String> over = this.http.post("/actuator/switchboard/announce",
					"{\"text\":\"" + e2048 + "a\"}");
			assertThat(over.statusCode()).isEqualTo(400);
			assertThat(over.body()).isEqualTo("{\"error\":\"The text is 4097 bytes in UTF-8; "
					+ "the limit is 4096 (switchboard.admin.max-announce-bytes).\"}");
			ann.expectNothing();
		}
	}

	@Test
	void theAnnounceLimitCountsTheTextAfterSanitising() {
		String text = "a".repeat(4096);
		try (LineClient ann = login("ann")) {
			HttpResponse<String> response = this.http.post("/actuator/switchboard/announce",
					"{\"text\":\"" + text + "\\u001b[2J\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			ann.expectLine("\\* \\[server\\] " + text);
		}
	}

}
