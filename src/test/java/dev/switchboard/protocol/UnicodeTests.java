package dev.switchboard.protocol;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Cutting and repairing text by code point, so no output ever carries half an emoji. */
class UnicodeTests {

	static final String GRIN = "\uD83D\uDE00";

	@Test
	void clipOfEmojiNeverSplitsOneWhereverTheCutFalls() {
		String emoji = GRIN.repeat(5);
		for (int max = 0; max <= 6; max++) {
			String clipped = Unicode.clip(emoji, max);
			assertThat(clipped).as("clip to %d", max).isEqualTo(GRIN.repeat(Math.min(max, 5)));
			assertThat(hasLoneSurrogate(clipped)).isFalse();
		}
	}

	@Test
	void clipCountsCodePointsInMixedText() {
		String text = "a" + GRIN + GRIN + "b\u00e9" + GRIN + "c";
		List<String> codePoints = text.codePoints().mapToObj(Character::toString).toList();
		for (int max = 0; max <= codePoints.size() + 1; max++) {
			String expected = String.join("", codePoints.subList(0, Math.min(max, codePoints.size())));
			assertThat(Unicode.clip(text, max)).as("clip to %d", max).isEqualTo(expected);
		}
	}

	@Test
	void clipReturnsTextThatFitsAsIs() {
		String text = "ok " + GRIN;
		assertThat(Unicode.clip(text, 4)).isSameAs(text);
		assertThat(Unicode.clip(text, 200)).isSameAs(text);
		assertThat(Unicode.clip("", 0)).isEmpty();
	}

	@Test
	void clipToANegativeLengthIsAMistake() {
		assertThatIllegalArgumentException().isThrownBy(() -> Unicode.clip("x", -1));
	}

	static Stream<Arguments> loneSurrogates() {
		return Stream.of(Arguments.of("lone high surrogate at the end", "bye \uD83D", "bye \uFFFD"),
				Arguments.of("lone high surrogate between letters", "a\uD83Db", "a\uFFFDb"),
				Arguments.of("lone low surrogate at the start", "\uDE00bye", "\uFFFDbye"),
				Arguments.of("only a lone low surrogate", "\uDC00", "\uFFFD"),
				Arguments.of("high surrogate before a pair", "\uD83D" + GRIN, "\uFFFD" + GRIN),
				Arguments.of("pair then a lone low surrogate", GRIN + "\uDE00", GRIN + "\uFFFD"),
				Arguments.of("reversed pair", "\uDE00\uD83D", "\uFFFD\uFFFD"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("loneSurrogates")
	void wellFormedReplacesEachLoneSurrogateWithTheReplacementCharacter(String name, String text, String expected) {
		assertThat(Unicode.wellFormed(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "caf\u00e9 \u2615", "\uD83D\uDE00\uD83D\uDE00", "a\uD83D\uDE00b" })
	void wellFormedTextIsReturnedAsIs(String text) {
		assertThat(Unicode.wellFormed(text)).isSameAs(text);
	}

	static boolean hasLoneSurrogate(String text) {
		return text.codePoints().anyMatch((c) -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
	}

}
