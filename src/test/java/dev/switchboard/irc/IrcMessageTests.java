package dev.switchboard.irc;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 1459 §2.3.1 and IRCv3 message-tags: what the parser makes of a client's line. */
class IrcMessageTests {

	static Stream<Arguments> lines() {
		return Stream.of(Arguments.of("NICK ann", "NICK", List.of("ann")),
				Arguments.of("privmsg #dev :hello there", "PRIVMSG", List.of("#dev", "hello there")),
				Arguments.of(":ann!a@h PRIVMSG #dev :hi", "PRIVMSG", List.of("#dev", "hi")),
				Arguments.of("@+typing=active;label=1 TAGMSG #dev", "TAGMSG", List.of("#dev")),
				Arguments.of("TOPIC #dev :", "TOPIC", List.of("#dev", "")),
				Arguments.of("USER u 0 *  :Real Name", "USER", List.of("u", "0", "*", "Real Name")),
				Arguments.of("PING  token  ", "PING", List.of("token")),
				Arguments.of("PRIVMSG #dev ::-)", "PRIVMSG", List.of("#dev", ":-)")),
				Arguments.of("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "CMD", List.of("1", "2", "3", "4", "5",
						"6", "7", "8", "9", "10", "11", "12", "13", "14", "15 16 17")));
	}

	@ParameterizedTest
	@MethodSource("lines")
	void parsesVerbAndParameters(String line, String verb, List<String> params) {
		IrcMessage message = IrcMessage.parse(line);
		assertThat(message).isNotNull();
		assertThat(message.verb()).isEqualTo(verb);
		assertThat(message.params()).isEqualTo(params);
	}

	@ParameterizedTest
	@MethodSource("empty")
	void anEmptyOrSourceOnlyLineIsIgnored(String line) {
		assertThat(IrcMessage.parse(line)).isNull();
	}

	static Stream<String> empty() {
		return Stream.of("", "   ", ":source-only", "@tags-only");
	}

	@ParameterizedTest
	@MethodSource("replies")
	void repliesPutALastParameterWithSpacesAfterAColon(List<String> params, String wire) {
		assertThat(IrcClient.trailing(params.toArray(String[]::new))).isEqualTo(wire);
	}

	static Stream<Arguments> replies() {
		return Stream.of(Arguments.of(List.of("#dev", "+n"), " #dev +n"),
				Arguments.of(List.of("#dev", "End of list"), " #dev :End of list"),
				Arguments.of(List.of("#dev", ""), " #dev :"), Arguments.of(List.of(":-)"), " ::-)"));
	}

}
