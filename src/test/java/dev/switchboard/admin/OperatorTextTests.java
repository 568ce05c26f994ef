package dev.switchboard.admin;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Reliability issue, operator text: sanitising and limits, without a server. */
class OperatorTextTests {

	private static final String SMILE = "\uD83D\uDE00";

	private final OperatorText text = new OperatorText(new AdminProperties(DataSize.ofBytes(8),
			DataSize.ofKilobytes(64), "admin", null, false, 10, Duration.ofMinutes(1), 10000));

	@Test
	void announcementLosesLineBreaksAndEscapesLikeAUsersLine() {
		assertThat(this.text.announcement("a\r\nb\u001b[2J\u0007")).isEqualTo("ab");
	}

	@Test
	void announcementLimitCountsUtf8BytesOnceSanitised() {
		assertThat(this.text.announcement("\u00e9\u00e9\u00e9\u00e9\u001b[31m")).isEqualTo("\u00e9\u00e9\u00e9\u00e9");
		assertThatExceptionOfType(OperatorMistake.class)
			.isThrownBy(() -> this.text.announcement("\u00e9\u00e9\u00e9\u00e9a"))
			.withMessage("The text is 9 bytes in UTF-8; the limit is 8 (switchboard.admin.max-announce-bytes).");
	}

	@Test
	void reasonIsCutTo200CodePointsNeverBetweenTheHalvesOfOne() {
		String reason = this.text.reason("a" + SMILE.repeat(300));
		assertThat(reason).isEqualTo("a" + SMILE.repeat(199));
		assertThat(reason.codePointCount(0, reason.length())).isEqualTo(OperatorText.MAX_REASON_CODE_POINTS);
	}

	@Test
	void reasonIsSanitisedBeforeItIsCut() {
		assertThat(this.text.reason("\u001b[31m".repeat(300) + "spam")).isEqualTo("spam");
	}

	@Test
	void missingReasonIsNoReasonGivenButABlankOneIsAMistake() {
		assertThat(this.text.reason(null)).isEqualTo("no reason given");
		assertThatExceptionOfType(OperatorMistake.class).isThrownBy(() -> this.text.reason("\r\n"))
			.withMessageStartingWith("The reason is blank");
	}

	@Test
	void aLoneSurrogateBecomesAQuestionMark() {
		assertThat(OperatorText.sanitize("a\uD83Db")).isEqualTo("a?b");
	}

}
