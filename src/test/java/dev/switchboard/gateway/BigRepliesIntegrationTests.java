package dev.switchboard.gateway;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 13, bug 6: no reply may grow with the server until it trips the slow-consumer
 * policy by itself. {@code /rooms} on a server with thousands of rooms used to be one
 * line longer than {@code max-pending}, and the user who asked was disconnected; lists
 * now come in pages (PROTOCOL.md §3).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.outbound.max-pending=16KB", "switchboard.chat.max-rooms-per-session=2000" })
class BigRepliesIntegrationTests extends ServerFixture {

	@Test
	void roomsOnAServerWithThousandsOfRoomsComesInPagesAndNobodyIsCut() {
		try (LineClient owner = login("owner"); LineClient asker = login("asker")) {
			owner.awaitLine("\\* guest-\\d+ is now known as asker");
			for (int batch = 0; batch < 15; batch++) {
				StringBuilder joins = new StringBuilder();
				for (int i = 0; i < 100; i++) {
					joins.append("/join r").append(batch * 100 + i).append('\n');
				}
				owner.sendRaw(joins.toString().getBytes(StandardCharsets.UTF_8));
				for (int i = 0; i < 100; i++) {
					owner.expectLine("\\* You joined #r\\d+ \\(1 member\\)");
				}
			}
			asker.send("/rooms");
			asker.expectLine("\\* Rooms \\(page 1 of 16, 1501 rooms\\): #lobby \\(2\\), #r0 \\(1\\), .*, #r1086 \\(1\\)"
					+ " \\(/rooms 2 for more\\)");
			asker.send("/rooms 16");
			asker.expectLine("\\* Rooms \\(page 16 of 16, 1501 rooms\\): #r999 \\(1\\)");
			asker.send("/format json").expectLine(".*Output format is now json.*");
			asker.send("/rooms 2");
			asker.expectLine(
					"\\{\"type\":\"rooms\",\"ts\":\\d+,\"rooms\":\\[\\{\"room\":\"r1087\",\"members\":1\\},.*\\],"
							+ "\"page\":2,\"pages\":16,\"total\":1501\\}");
			asker.send("/ping alive").expectLine(".*\"type\":\"pong\".*\"token\":\"alive\".*");
		}
	}

}
