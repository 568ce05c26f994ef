package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reliability issue, operator text: an announce or a kick reason is sanitised like a
 * user's line (PROTOCOL.md, control characters and escapes), so an operator call, or a
 * stolen one, cannot write a line that looks like someone else's.
 */
class OperatorTextIntegrationTests extends ManagementFixture {

	private static final String SMILE = "\uD83D\uDE00";

	@Test
	void announceCannotSpoofAChatLine() {
		try (LineClient ann = login("ann")) {
			assertThat(this.http
				.post("/actuator/switchboard/announce",
						"{\"text\":\"hi\\r\\n[#lobby] bob: give me your password\\u001b[2J\"}")
				.statusCode()).isEqualTo(200);
			ann.expectLine("\\* \\[server\\] hi\\[#lobby\\] bob: give me your password");
			ann.expectNothing();
		}
	}

	@Test
	void aLoneSurrogateInAnAnnounceArrivesAsAQuestionMark() {
		try (LineClient ann = login("ann")) {
			this.http.post("/actuator/switchboard/announce", "{\"text\":\"a\\ud83db\"}");
			ann.expectLine("\\* \\[server\\] a\\?b");
		}
	}

	@Test
	void kickReasonIsSanitisedAndCutTo200CodePointsWithoutSplittingOne() {
		String reason = "spam\\r\\n[#lobby] ann: bye!\\u001b[31m" + SMILE.repeat(300);
		String shown = "spam[#lobby] ann: bye!" + SMILE.repeat(178);
		try (LineClient ann = login("ann"); LineClient ben = login("ben")) {
			ann.awaitLine("\\* guest-\\d+ is now known as ben");
			assertThat(this.http.post("/actuator/switchboard/kick", "{\"nick\":\"ben\",\"reason\":\"" + reason + "\"}")
				.statusCode()).isEqualTo(200);
			String line = ben.expectLine("! You were disconnected by an operator: .*");
			assertThat(line).isEqualTo("! You were disconnected by an operator: " + shown);
			assertThat(shown.codePointCount(0, shown.length())).isEqualTo(200);
			ben.expectClosed();
			ann.expectLine("\\* ben quit \\(Kicked: spam\\[#lobby\\] ann: bye!(" + SMILE + ")+\\)");
			ann.expectNothing();
		}
	}

}
