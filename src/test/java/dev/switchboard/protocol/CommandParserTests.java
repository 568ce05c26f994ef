package dev.switchboard.protocol;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** PROTOCOL.md §3: every verb, its arity, and malformed input. */
class CommandParserTests {

	static Stream<Arguments> valid() {
		return Stream.of(Arguments.of("hello there", new Command.Say("hello there")),
				Arguments.of("  indented", new Command.Say("  indented")),
				Arguments.of("//etc/passwd", new Command.Say("/etc/passwd")), Arguments.of("/help", new Command.Help()),
				Arguments.of("/HELP", new Command.Help()), Arguments.of("/nick alice", new Command.Nick("alice")),
				Arguments.of("/nick  alice ", new Command.Nick("alice")),
				Arguments.of("/join #dev", new Command.Join("#dev")),
				Arguments.of("/join dev", new Command.Join("dev")), Arguments.of("/leave", new Command.Leave(null)),
				Arguments.of("/leave dev", new Command.Leave("dev")),
				Arguments.of("/part dev", new Command.Leave("dev")), Arguments.of("/rooms", new Command.Rooms()),
				Arguments.of("/list", new Command.Rooms()), Arguments.of("/who", new Command.Who(null)),
				Arguments.of("/who #dev", new Command.Who("#dev")),
				Arguments.of("/msg bob hi there", new Command.Msg("bob", "hi there")),
				Arguments.of("/me waves", new Command.Me("waves")), Arguments.of("/ping", new Command.Ping(null)),
				Arguments.of("/ping 42", new Command.Ping("42")),
				Arguments.of("/format JSON", new Command.Format(OutputFormat.JSON)),
				Arguments.of("/format text", new Command.Format(OutputFormat.TEXT)),
				Arguments.of("/quit", new Command.Quit(null)),
				Arguments.of("/quit gone fishing", new Command.Quit("gone fishing")),
				Arguments.of("/whois bob", new Command.Whois("bob")),
				Arguments.of("/register s3cret!pw", new Command.Register("s3cret!pw")),
				Arguments.of("/login bob s3cret", new Command.Login("bob", "s3cret")),
				Arguments.of("/IDENTIFY bob  s3cret ", new Command.Login("bob", "s3cret")),
				Arguments.of("/logout", new Command.Logout()),
				Arguments.of("/password old new", new Command.Password("old", "new")),
				Arguments.of("/unregister s3cret", new Command.Unregister("s3cret")),
				Arguments.of("/kick bob", new Command.Kick(null, "bob", null)),
				Arguments.of("/kick #dev bob spoilers, again", new Command.Kick("#dev", "bob", "spoilers, again")),
				Arguments.of("/mode", new Command.Mode(null, null, java.util.List.of())),
				Arguments.of("/mode #dev", new Command.Mode("#dev", null, java.util.List.of())),
				Arguments.of("/mode +it", new Command.Mode(null, "+it", java.util.List.of())),
				Arguments.of("/mode #dev +o-v bob ann",
						new Command.Mode("#dev", "+o-v", java.util.List.of("bob", "ann"))),
				Arguments.of("/op bob", new Command.Mode(null, "+o", java.util.List.of("bob"))),
				Arguments.of("/DEOP #dev bob", new Command.Mode("#dev", "-o", java.util.List.of("bob"))),
				Arguments.of("/invite bob", new Command.Invite("bob", null)),
				Arguments.of("/invite bob #dev", new Command.Invite("bob", "#dev")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valid")
	void parsesEveryVerb(String line, Command expected) {
		assertThat(CommandParser.parse(line)).isEqualTo(expected);
	}

	static Stream<Arguments> invalid() {
		return Stream.of(Arguments.of("/nick", ErrorCode.USAGE), Arguments.of("/nick two words", ErrorCode.USAGE),
				Arguments.of("/join", ErrorCode.USAGE), Arguments.of("/join a b", ErrorCode.USAGE),
				Arguments.of("/leave a b", ErrorCode.USAGE), Arguments.of("/who a b", ErrorCode.USAGE),
				Arguments.of("/msg", ErrorCode.USAGE), Arguments.of("/msg bob", ErrorCode.USAGE),
				Arguments.of("/msg bob   ", ErrorCode.USAGE), Arguments.of("/me", ErrorCode.USAGE),
				Arguments.of("/format xml", ErrorCode.USAGE), Arguments.of("/format", ErrorCode.USAGE),
				Arguments.of("/", ErrorCode.UNKNOWN_COMMAND), Arguments.of("/frob bob", ErrorCode.UNKNOWN_COMMAND),
				Arguments.of("/kick", ErrorCode.USAGE), Arguments.of("/kick #dev", ErrorCode.USAGE),
				Arguments.of("/mode #dev t", ErrorCode.USAGE), Arguments.of("/op", ErrorCode.USAGE),
				Arguments.of("/op a b", ErrorCode.USAGE), Arguments.of("/invite", ErrorCode.USAGE),
				Arguments.of("/invite #dev bob", ErrorCode.USAGE), Arguments.of("/whois", ErrorCode.USAGE),
				Arguments.of("/register", ErrorCode.USAGE), Arguments.of("/register two words", ErrorCode.USAGE),
				Arguments.of("/login bob", ErrorCode.USAGE), Arguments.of("/login bob two words", ErrorCode.USAGE),
				Arguments.of("/logout now", ErrorCode.USAGE), Arguments.of("/password onlyone", ErrorCode.USAGE),
				Arguments.of("/unregister", ErrorCode.USAGE));
	}

	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "/register Sekrit42", "/register Sekrit42 extra",
			"/login bob Sekrit42", "/login bob Sekrit42 extra", "/identify Sekrit42", "/password Sekrit42 Sekrit42b",
			"/password Sekrit42", "/unregister Sekrit42", "/unregister Sekrit42 extra" })
	void aPasswordIsNeitherInACommandsTextNorInAUsageError(String line) { // gh-11
		try {
			assertThat(String.valueOf(CommandParser.parse(line))).doesNotContain("Sekrit42");
		}
		catch (ProtocolException ex) {
			assertThat(ex.getMessage()).doesNotContain("Sekrit42");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalid")
	void rejectsMalformedCommandsWithACode(String line, ErrorCode code) {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> CommandParser.parse(line))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(code))
			.satisfies((ex) -> assertThat(ex.getMessage()).isNotBlank());
	}

	@Test
	void blankLinesAreIgnored() {
		assertThat(CommandParser.parse("")).isNull();
		assertThat(CommandParser.parse("   \t")).isNull();
	}

}
