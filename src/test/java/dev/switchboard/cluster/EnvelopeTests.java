package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.protocol.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What travels between nodes reads back as it was written, alone or packed. */
class EnvelopeTests {

	@Test
	void everyEventThatCrossesNodesReadsBackEqual() {
		List<Event> events = List.of(new Event.Message("lobby", "ann", "hi 👋 \u0000 there", true),
				new Event.Dm("ann", "psst"), new Event.Joined("lobby", "ann", false, 3),
				new Event.Left("lobby", "ann", false), new Event.NickChanged("ann", "anna", false),
				new Event.Quit("ann", "server lost"), new Event.Info("[server] hello"),
				new Event.Message("lobby", "ann", "build is green", false, null, true),
				new Event.Message("lobby", "ann", "fyi", true, "Ann", true),
				new Event.Dm("ann", "psst", null, "bob", false, false),
				new Event.Dm("ann", "waves", "Ann", "bob", true, false),
				new Event.Dm("ann", "just you", null, null, false, true),
				new Event.Left("lobby", "ann", false, "off to lunch"), new Event.Topic("lobby", "ann", "release at 5"),
				new Event.Topic("lobby", "ann", ""), new Event.Kicked("lobby", "bob", "ann", "spam", false));
		for (Event event : events) {
			byte[] bytes = Envelope.encode(Envelope.Kind.ROOM, 7, 1234, "node-1", new Envelope.Room("lobby", event));
			Envelope.withSequence(bytes, 42);
			Envelope read = Envelope.decode(bytes);
			assertThat(read.body()).isEqualTo(new Envelope.Room("lobby", event));
			assertThat(read.sequence()).isEqualTo(42);
			assertThat(Envelope.header(bytes))
				.isEqualTo(new Envelope.Header(Envelope.Kind.ROOM, 42, 7, 1234, "node-1"));
		}
	}

	@Test
	void onceDirectKickAnnounceAndHeartbeatReadBackEqual() {
		List<Envelope.Body> bodies = List.of(
				new Envelope.Once(9, List.of("a", "b", "c"), new Event.Quit("ann", "Quit: bye")),
				new Envelope.Direct("bob", "conn-1", new Event.Dm("ann", "hi")),
				new Envelope.Kick("bob", "conn-1", "spam"), new Envelope.Announce(new Event.Info("noon")),
				new Envelope.Heartbeat());
		Envelope.Kind[] kinds = { Envelope.Kind.ONCE, Envelope.Kind.DIRECT, Envelope.Kind.KICK, Envelope.Kind.ANNOUNCE,
				Envelope.Kind.HEARTBEAT };
		for (int i = 0; i < bodies.size(); i++) {
			byte[] bytes = Envelope.encode(kinds[i], 1, 2, "n", bodies.get(i));
			assertThat(Envelope.decode(bytes).body()).isEqualTo(bodies.get(i));
		}
	}

	@Test
	void aPackHandsBackItsEnvelopesInOrder() {
		List<byte[]> envelopes = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			byte[] bytes = Envelope.encode(Envelope.Kind.ROOM, 1, 2, "n",
					new Envelope.Room("r", new Event.Message("r", "ann", "line " + i, false)));
			Envelope.withSequence(bytes, i + 1);
			envelopes.add(bytes);
		}
		byte[] packed = Envelope.pack(envelopes);
		assertThat(Envelope.isPack(packed)).isTrue();
		assertThat(Envelope.isPack(envelopes.get(0))).isFalse();
		List<Long> sequences = new ArrayList<>();
		Envelope.unpack(packed, (envelope) -> sequences.add(Envelope.header(envelope).sequence()));
		assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
	}

	@Test
	void aNodeRecognisesItsOwnLinesAloneOrPackedWithoutReadingThem() {
		byte[] mine = Envelope.encode(Envelope.Kind.ROOM, 1, 2, "node-1",
				new Envelope.Room("r", new Event.Message("r", "ann", "hi", false)));
		byte[] theirs = Envelope.encode(Envelope.Kind.ROOM, 1, 2, "node-10",
				new Envelope.Room("r", new Event.Message("r", "bob", "hi", false)));
		byte[] self = "node-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(Envelope.isFrom(mine, self)).isTrue();
		assertThat(Envelope.isFrom(Envelope.pack(List.of(mine, mine)), self)).isTrue();
		assertThat(Envelope.isFrom(theirs, self)).isFalse();
		assertThat(Envelope.isFrom(Envelope.pack(List.of(theirs, theirs)), self)).isFalse();
		assertThat(Envelope.isFrom(java.util.Arrays.copyOf(mine, 20), self)).isFalse();
		assertThat(Envelope.isFrom(new byte[0], self)).isFalse();
	}

	@Test
	void truncatedOrForeignBytesAreRefusedNotMisread() {
		byte[] packed = Envelope
			.pack(List.of(Envelope.encode(Envelope.Kind.HEARTBEAT, 1, 2, "n", new Envelope.Heartbeat())));
		byte[] cut = java.util.Arrays.copyOf(packed, packed.length - 3);
		assertThatIllegalArgumentException().isThrownBy(() -> Envelope.unpack(cut, (envelope) -> {
		}));
		assertThatIllegalArgumentException().isThrownBy(() -> Envelope.header("hello".getBytes()));
		assertThatIllegalArgumentException().isThrownBy(() -> Envelope.decode(new byte[] { 1, 0, 0 }));
	}

}
