package dev.switchboard.protocol;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** PROTOCOL.md §3: nick and room name rules with the default limits. */
class NameRulesTests {

	private final NameRules rules = new NameRules(32, 64, Set.of("server", "Admin"));

	@ParameterizedTest
	@ValueSource(strings = { "a", "alice", "Bob_2", "x-y", "abcdefghijklmnopqrstuvwxyz012345", "guest", "guest-star",
			"guest-k3f9", "guest-7a", "guests-7" })
	void acceptsValidNicks(String nick) {
		assertThat(this.rules.nick(nick)).isEqualTo(nick);
	}

	@ParameterizedTest
	@CsvSource({ "'',INVALID_NICK", "9lives,INVALID_NICK", "-dash,INVALID_NICK", "_under,INVALID_NICK",
			"a b,INVALID_NICK", "star*,INVALID_NICK", "#room,INVALID_NICK", "\u0430lice,INVALID_NICK",
			"abcdefghijklmnopqrstuvwxyz0123456,INVALID_NICK", "SERVER,RESERVED_NICK", "admin,RESERVED_NICK",
			"guest-7,RESERVED_NICK", "Guest-K3F9-12,RESERVED_NICK", "guest-0000-1,RESERVED_NICK" })
	void rejectsInvalidOrReservedNicks(String nick, ErrorCode code) {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.rules.nick(nick))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(code));
	}

	@ParameterizedTest
	@CsvSource({ "#dev,dev", "dev,dev", "Dev.Ops_1-x,Dev.Ops_1-x", "1,1" })
	void acceptsRoomsWithOrWithoutHash(String input, String name) {
		assertThat(this.rules.room(input)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "#", "", "a b", "a/b", "caf\u00e9", "##dev" })
	void rejectsInvalidRooms(String room) {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.rules.room(room))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ROOM));
	}

	@Test
	void errorsQuoteALongNameCutWithoutSplittingAnEmoji() {
		String name = "a".repeat(39) + UnicodeTests.GRIN + UnicodeTests.GRIN;
		String quoted = "'" + "a".repeat(39) + UnicodeTests.GRIN + "...'";
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.rules.nick(name))
			.withMessageContaining(quoted);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.rules.room(name))
			.withMessageContaining(quoted);
	}

	@ParameterizedTest
	@ValueSource(ints = { 64, 65 })
	void roomNamesAreLimitedTo64Characters(int length) {
		String room = "r".repeat(length);
		if (length <= 64) {
			assertThat(this.rules.room(room)).isEqualTo(room);
		}
		else {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.rules.room(room));
		}
	}

}
