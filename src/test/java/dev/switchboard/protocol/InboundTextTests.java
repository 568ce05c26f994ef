package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** PROTOCOL.md §1: strict UTF-8 and what is removed before anything is relayed. */
class InboundTextTests {

	static Stream<Arguments> invalidUtf8() {
		return Stream.of(Arguments.of("bad continuation", new int[] { 0xC3, 0x28 }),
				Arguments.of("overlong slash", new int[] { 0xC0, 0xAF }),
				Arguments.of("overlong NUL", new int[] { 0xE0, 0x80, 0x80 }),
				Arguments.of("encoded surrogate", new int[] { 0xED, 0xA0, 0x80 }),
				Arguments.of("beyond U+10FFFF", new int[] { 0xF4, 0x90, 0x80, 0x80 }),
				Arguments.of("F5 lead byte", new int[] { 0xF5, 0x80, 0x80, 0x80 }),
				Arguments.of("lone continuation", new int[] { 0x80 }),
				Arguments.of("truncated tail", new int[] { 'o', 'k', 0xE2, 0x82 }),
				Arguments.of("0xFF", new int[] { 0xFF }));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidUtf8")
	void invalidUtf8IsRejectedNeverReplaced(String name, int[] values) {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> InboundText.decode(LineFramerTests.raw(values)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_UTF8));
	}

	static Stream<Arguments> sanitised() {
		return Stream.of(Arguments.of("plain ASCII", "hello", "hello"),
				Arguments.of("multi-byte text", "caf\u00e9 \u2615 \uD83D\uDE00", "caf\u00e9 \u2615 \uD83D\uDE00"),
				Arguments.of("tab kept", "a\tb", "a\tb"),
				Arguments.of("NUL, BEL, DEL removed", "a\0b\u0007c\u007fd", "abcd"),
				Arguments.of("C1 controls removed", "a\u0085b\u009fc", "abc"),
				Arguments.of("CSI colour removed", "\u001b[1;31mred\u001b[0m", "red"),
				Arguments.of("clear screen removed", "\u001b[2Jx", "x"),
				Arguments.of("private CSI removed", "\u001b[?25lx", "x"),
				Arguments.of("C1 CSI removed", "\u009b2Jx", "x"),
				Arguments.of("OSC title ended by BEL removed", "\u001b]0;title\u0007x", "x"),
				Arguments.of("OSC ended by ST removed", "\u001b]8;;http://evil\u001b\\x", "x"),
				Arguments.of("two-byte ESC removed", "\u001bcx", "x"),
				Arguments.of("ESC at end removed", "x\u001b", "x"),
				Arguments.of("leading BOM removed", "\uFEFFhi", "hi"),
				Arguments.of("bidi embeddings and overrides removed", "a\u202Ab\u202Bc\u202Cd\u202De\u202Ef", "abcdef"),
				Arguments.of("bidi isolates removed", "a\u2066b\u2067c\u2068d\u2069e", "abcde"),
				Arguments.of("bidi marks removed", "a\u200Eb\u200Fc\u061Cd", "abcd"),
				Arguments.of("line and paragraph separators removed", "a\u2028b\u2029c", "abc"),
				Arguments.of("Trojan Source override removed", "admin\u202E\u2066 ,dlrow olleh\u2069\u2066",
						"admin ,dlrow olleh"),
				Arguments.of("neighbours of the removed ranges kept", "\u200D\u2029\u202F\u2065\u206A\u061B",
						"\u200D\u202F\u2065\u206A\u061B"),
				Arguments.of("bidi controls next to escapes removed", "\u001b[31m\u202Ered", "red"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sanitised")
	void controlsAndEscapesAreRemoved(String name, String input, String expected) {
		assertThat(InboundText.decode(input.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
		assertThat(InboundText.sanitize(input)).isEqualTo(expected);
	}

	@Test
	void plainTextIsReturnedAsIs() {
		String text = "caf\u00e9 \u2615 \uD83D\uDE00 \u05E9\u05DC\u05D5\u05DD";
		assertThat(InboundText.sanitize(text)).isSameAs(text);
	}

}
