package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: every event as IRC clients get it, encoded once per format. */
class IrcEncoderTests {

	private static final long TS = 1_700_000_000_123L;

	static Stream<Arguments> events() {
		return Stream.of(
				Arguments.of(new Event.Message("dev", "ann", "hi", false), ":ann!ann@switchboard PRIVMSG #dev :hi"),
				Arguments.of(new Event.Message("dev", "ann", "waves", true),
						":ann!ann@switchboard PRIVMSG #dev :\u0001ACTION waves\u0001"),
				Arguments.of(new Event.Message("dev", "ann", "fyi", false, null, true),
						":ann!ann@switchboard NOTICE #dev :fyi"),
				Arguments.of(new Event.Dm("ann", "psst", null, "bob", false, false),
						":ann!ann@switchboard PRIVMSG bob :psst"),
				Arguments.of(new Event.Joined("dev", "ann", false, 2), ":ann!ann@switchboard JOIN #dev"),
				Arguments.of(new Event.Left("dev", "ann", false, "bye all"), ":ann!ann@switchboard PART #dev :bye all"),
				Arguments.of(new Event.NickChanged("ann", "anna", false), ":ann!ann@switchboard NICK :anna"),
				Arguments.of(new Event.Quit("ann", "Quit: later"), ":ann!ann@switchboard QUIT :Quit: later"),
				Arguments.of(new Event.Topic("dev", "ann", "release"), ":ann!ann@switchboard TOPIC #dev :release"),
				Arguments.of(new Event.Info("two\nlines"), "NOTICE * :* two\r\nNOTICE * :* lines"),
				Arguments.of(new Event.Info("Server is shutting down.", true),
						"ERROR :Closing Link: Server is shutting down."),
				Arguments.of(new Event.Error(ErrorCode.KICKED, "You were disconnected by an operator: spam"),
						"ERROR :Closing Link: You were disconnected by an operator: spam"),
				Arguments.of(new Event.Kicked("dev", "bob", "ann", "spoilers", true),
						":ann!ann@switchboard KICK #dev bob :spoilers"),
				Arguments.of(new Event.ModeChanged("dev", "ann", "+o-t", List.of("bob")),
						":ann!ann@switchboard MODE #dev +o-t bob"),
				Arguments.of(new Event.ModeChanged("dev", null, "+o", List.of("bob")), ":switchboard MODE #dev +o bob"),
				Arguments.of(new Event.Invited("dev", "ann", "bob"), ":ann!ann@switchboard INVITE bob #dev"));
	}

	@ParameterizedTest
	@MethodSource("events")
	void rendersEachEventAsIrcMessages(Event event, String irc) {
		assertThat(text(new Delivery(event, TS).bytes(OutputFormat.IRC))).isEqualTo(irc + "\r\n");
	}

	@Test
	void serverTimeTagsEveryMessageWithMilliseconds() {
		assertThat(text(new Delivery(new Event.Joined("dev", "ann", false, 1), TS).bytes(OutputFormat.IRC_TIMED)))
			.isEqualTo("@time=2023-11-14T22:13:20.123Z :ann!ann@switchboard JOIN #dev\r\n");
	}

	@Test
	void aRoomLineIsEncodedOnceForEveryIrcMember() {
		Delivery delivery = new Delivery(new Event.Message("dev", "ann", "once", false), TS);
		assertThat(delivery.bytes(OutputFormat.IRC)).isSameAs(delivery.bytes(OutputFormat.IRC));
		assertThat(delivery.bytes(OutputFormat.IRC_TIMED)).isSameAs(delivery.bytes(OutputFormat.IRC_TIMED));
	}

	@Test
	void textLongerThanAnIrcLineIsCutIntoSeveralMessagesOfAtMost512Bytes() {
		String text = "é".repeat(400);
		String[] lines = text(new Delivery(new Event.Message("dev", "ann", text, false), TS).bytes(OutputFormat.IRC))
			.split("\r\n");
		assertThat(lines).hasSize(2);
		StringBuilder joined = new StringBuilder();
		for (String line : lines) {
			assertThat(line.getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(512);
			joined.append(line.substring(":ann!ann@switchboard PRIVMSG #dev :".length()));
		}
		assertThat(joined.toString()).isEqualTo(text);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
