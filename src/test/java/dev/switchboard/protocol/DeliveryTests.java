package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §4: every event in both formats, and encode-once. */
class DeliveryTests {

	private static final long TS = 1700000000000L;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	static Stream<Arguments> events() {
		return Stream.of(
				Arguments.of(new Event.Welcome("guest-1", "lobby"),
						"* Welcome to Switchboard, guest-1! You are in #lobby. Type /help for commands.",
						"{\"type\":\"welcome\",\"ts\":1700000000000,\"nick\":\"guest-1\",\"room\":\"lobby\"}"),
				Arguments.of(new Event.Message("dev", "ann", "hi \"you\"", false), "[#dev] ann: hi \"you\"",
						"{\"type\":\"message\",\"ts\":1700000000000,\"room\":\"dev\",\"from\":\"ann\",\"text\":\"hi \\\"you\\\"\"}"),
				Arguments.of(new Event.Message("dev", "ann", "waves", true), "[#dev] * ann waves",
						"{\"type\":\"message\",\"ts\":1700000000000,\"room\":\"dev\",\"from\":\"ann\",\"text\":\"waves\",\"action\":true}"),
				Arguments.of(new Event.Dm("ann", "psst"), "[dm] ann: psst",
						"{\"type\":\"dm\",\"ts\":1700000000000,\"from\":\"ann\",\"text\":\"psst\"}"),
				Arguments.of(new Event.Joined("dev", "ann", false, 2), "* ann joined #dev",
						"{\"type\":\"joined\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"ann\"}"),
				Arguments.of(new Event.Joined("dev", "ann", true, 2), "* You joined #dev (2 members)",
						"{\"type\":\"joined\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"ann\",\"self\":true,\"members\":2}"),
				Arguments.of(new Event.Left("dev", "ann", false), "* ann left #dev",
						"{\"type\":\"left\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"ann\"}"),
				Arguments.of(new Event.Left("dev", "ann", true), "* You left #dev",
						"{\"type\":\"left\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"ann\",\"self\":true}"),
				Arguments.of(new Event.NickChanged("ann", "anna", false), "* ann is now known as anna",
						"{\"type\":\"nick\",\"ts\":1700000000000,\"from\":\"ann\",\"nick\":\"anna\"}"),
				Arguments.of(new Event.Quit("ann", "Quit: bye"), "* ann quit (Quit: bye)",
						"{\"type\":\"quit\",\"ts\":1700000000000,\"nick\":\"ann\",\"reason\":\"Quit: bye\"}"),
				Arguments.of(new Event.Info("two\nlines"), "* two\r\n* lines",
						"{\"type\":\"info\",\"ts\":1700000000000,\"text\":\"two\\nlines\"}"),
				Arguments.of(new Event.Error(ErrorCode.NICK_IN_USE, "taken"), "! taken",
						"{\"type\":\"error\",\"ts\":1700000000000,\"code\":\"nick_in_use\",\"text\":\"taken\"}"),
				Arguments.of(
						new Event.RoomList(List.of(new Event.RoomCount("dev", 1), new Event.RoomCount("lobby", 3))),
						"* Rooms: #dev (1), #lobby (3)",
						"{\"type\":\"rooms\",\"ts\":1700000000000,\"rooms\":[{\"room\":\"dev\",\"members\":1},{\"room\":\"lobby\",\"members\":3}]}"),
				Arguments.of(new Event.RoomList(List.of()), "* No rooms; /join ROOM creates one.",
						"{\"type\":\"rooms\",\"ts\":1700000000000,\"rooms\":[]}"),
				Arguments.of(new Event.Who("dev", List.of("ann", "ben")), "* #dev (2): ann, ben",
						"{\"type\":\"who\",\"ts\":1700000000000,\"room\":\"dev\",\"nicks\":[\"ann\",\"ben\"]}"),
				Arguments.of(new Event.Pong(null), "* pong", "{\"type\":\"pong\",\"ts\":1700000000000}"),
				Arguments.of(new Event.Pong("7"), "* pong 7",
						"{\"type\":\"pong\",\"ts\":1700000000000,\"token\":\"7\"}"),
				Arguments.of(new Event.Kicked("dev", "bob", "ann", "spoilers", false),
						"* bob was kicked from #dev by ann (spoilers)",
						"{\"type\":\"kicked\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"bob\",\"by\":\"ann\","
								+ "\"reason\":\"spoilers\"}"),
				Arguments.of(new Event.ModeChanged("dev", "ann", "-o", List.of("bob")),
						"* ann took operator status in #dev from bob",
						"{\"type\":\"mode\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"ann\",\"modes\":\"-o\","
								+ "\"args\":[\"bob\"]}"),
				Arguments.of(new Event.ModeChanged("dev", "ann", "+it", List.of()),
						"* ann set mode +it on #dev (i: invite only, t: only operators set the topic)",
						"{\"type\":\"mode\",\"ts\":1700000000000,\"room\":\"dev\",\"nick\":\"ann\",\"modes\":\"+it\"}"),
				Arguments.of(new Event.Invited("dev", "ann", "bob"), "* ann invited you to #dev; /join dev to enter.",
						"{\"type\":\"invite\",\"ts\":1700000000000,\"room\":\"dev\",\"from\":\"ann\",\"nick\":\"bob\"}"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("events")
	void encodesEveryEventAsTextAndJson(Event event, String text, String json) {
		Delivery delivery = new Delivery(event, TS);
		assertThat(new String(delivery.bytes(OutputFormat.TEXT), StandardCharsets.UTF_8)).isEqualTo(text + "\r\n");
		assertThat(new String(delivery.bytes(OutputFormat.JSON), StandardCharsets.UTF_8)).isEqualTo(json + "\r\n");
	}

	@Test
	void everyRecipientOfAFormatGetsTheSameBytes() {
		Delivery delivery = new Delivery(new Event.Message("dev", "ann", "once", false), TS);
		assertThat(delivery.bytes(OutputFormat.TEXT)).isSameAs(delivery.bytes(OutputFormat.TEXT));
		assertThat(delivery.bytes(OutputFormat.JSON)).isSameAs(delivery.bytes(OutputFormat.JSON));
	}

	@Test
	void quitReasonCutInsideAnEmojiStillEncodesToStrictJson() {
		byte[] line = new Delivery(new Event.Quit("ann", "bye " + "\uD83D"), TS).bytes(OutputFormat.JSON);
		String json = strictUtf8(line);
		assertThat(json).doesNotContainPattern("(?i)\\\\ud[89ab][0-9a-f]{2}(?!\\\\ud[c-f][0-9a-f]{2})");
		JsonNode parsed = MAPPER.readTree(json);
		assertThat(parsed.get("reason").asString()).isEqualTo("bye \uFFFD");
	}

	@Test
	void everyStringFieldOfEveryEventIsWellFormedInJson() {
		String lone = "x\uDE00";
		List<Event> events = List.of(new Event.Welcome(lone, lone), new Event.Message(lone, lone, lone, true),
				new Event.Dm(lone, lone), new Event.Joined(lone, lone, true, 1), new Event.Left(lone, lone, false),
				new Event.NickChanged(lone, lone, false), new Event.Quit(lone, lone), new Event.Info(lone),
				new Event.Error(ErrorCode.USAGE, lone), new Event.RoomList(List.of(new Event.RoomCount(lone, 1))),
				new Event.Who(lone, List.of(lone, "ok")), new Event.Pong(lone));
		for (Event event : events) {
			String json = strictUtf8(new Delivery(event, TS).bytes(OutputFormat.JSON));
			assertThat(json).as(event.type()).doesNotContainIgnoringCase("\\ude00").contains("x\uFFFD");
			assertThat(MAPPER.readTree(json).get("type").asString()).isEqualTo(event.type());
		}
	}

	@Test
	void textLinesCarryTheReplacementCharacterForALoneSurrogateNotAQuestionMark() {
		byte[] line = new Delivery(new Event.Quit("ann", "bye \uD83D"), TS).bytes(OutputFormat.TEXT);
		assertThat(strictUtf8(line)).isEqualTo("* ann quit (bye \uFFFD)\r\n");
	}

	private static String strictUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new AssertionError("not UTF-8", ex);
		}
	}

	@Test
	void jsonLinesNeverContainARawNewlineOrControlCharacter() {
		byte[] line = new Delivery(new Event.Info("a\nb\tc\u0001"), TS).bytes(OutputFormat.JSON);
		for (int i = 0; i < line.length - 2; i++) {
			assertThat(line[i]).isGreaterThanOrEqualTo((byte) 0x20);
		}
	}

}
