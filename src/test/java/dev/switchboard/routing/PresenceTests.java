package dev.switchboard.routing;

import java.util.Set;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Presence and commands with real registries and rooms, recording what each session is
 * sent.
 */
class PresenceTests {

	private final SessionRegistry registry = new SessionRegistry();

	private final LocalRooms rooms = new LocalRooms();

	private final LocalNicks nicks = new LocalNicks();

	private final NameRules names = new NameRules(32, 64, Set.of("server"));

	private final Presence presence = new Presence(this.registry, this.rooms, this.nicks, new NoPeers(),
			new NoAccounts(), this.names, new ChatProperties("lobby", true, 3, 32, 64, Set.of("server"), 100),
			new Moderation(this.rooms, this.nicks,
					new ChatProperties("lobby", true, 3, 32, 64, Set.of("server"), 100)));

	private final ChatMetrics metrics = new ChatMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
			this.rooms);

	private final CommandHandler commands = new CommandHandler(this.presence, this.rooms, this.nicks,
			new Messages(this.rooms, this.nicks, new NoPeers(), this.metrics), new NoAccounts(), this.names,
			this.metrics, new ChatProperties("lobby", true, 3, 32, 64, Set.of("server"), 2));

	@Test
	void nobodyCanTakeTheNickTheNextGuestWillGet() {
		RecordingOutbound first = new RecordingOutbound();
		Session squatter = this.presence.open("c1", "127.0.0.1:1", first);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.presence.nick(squatter, "guest-2"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.RESERVED_NICK));
		Session next = this.presence.open("c2", "127.0.0.1:2", new RecordingOutbound());
		assertThat(next.nick()).isEqualTo("guest-2");
	}

	@Test
	void changingOnlyTheCaseOfYourNickKeepsItReserved() {
		Session ann = this.presence.open("c1", "127.0.0.1:1", new RecordingOutbound());
		this.presence.nick(ann, "ann");
		this.presence.nick(ann, "ANN");
		assertThat(this.nicks.find("ann")).isSameAs(ann);
		Session other = this.presence.open("c2", "127.0.0.1:2", new RecordingOutbound());
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.presence.nick(other, "Ann"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.NICK_IN_USE));
	}

	@Test
	void joiningMoreThanTheMaximumRoomsIsRefused() {
		Session ann = this.presence.open("c1", "127.0.0.1:1", new RecordingOutbound());
		this.presence.join(ann, "a");
		this.presence.join(ann, "b");
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.presence.join(ann, "c"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_ROOMS));
		this.presence.join(ann, "#A");
		assertThat(ann.currentRoom()).isEqualTo("a");
		assertThat(ann.rooms()).containsExactly("lobby", "a", "b");
	}

	@Test
	void roomsKeepTheNameTheyWereCreatedWithAndMatchIgnoringCase() {
		RecordingOutbound out = new RecordingOutbound();
		Session ann = this.presence.open("c1", "127.0.0.1:1", out);
		this.presence.join(ann, "DevOps");
		Session ben = this.presence.open("c2", "127.0.0.1:2", new RecordingOutbound());
		this.presence.join(ben, "#devops");
		assertThat(out.last()).isEqualTo("* guest-2 joined #DevOps");
		assertThat(this.rooms.counts()).extracting("room").containsExactly("DevOps", "lobby");
	}

	@Test
	void leavingTheCurrentRoomFallsBackToTheMostRecentlyJoinedOne() {
		RecordingOutbound out = new RecordingOutbound();
		Session ann = this.presence.open("c1", "127.0.0.1:1", out);
		this.presence.join(ann, "a");
		this.presence.join(ann, "b");
		this.commands.handle(ann, new Command.Leave(null));
		assertThat(ann.currentRoom()).isEqualTo("a");
		assertThat(out.last()).isEqualTo("* You are now talking in #a.");
		this.commands.handle(ann, new Command.Leave("lobby"));
		assertThat(ann.currentRoom()).isEqualTo("a");
		assertThat(out.last()).isEqualTo("* You left #lobby");
	}

	@Test
	void closingFreesTheNickTheRoomsAndTellsEachSharingMemberOnce() {
		RecordingOutbound annOut = new RecordingOutbound();
		Session ann = this.presence.open("c1", "127.0.0.1:1", annOut);
		Session ben = this.presence.open("c2", "127.0.0.1:2", new RecordingOutbound());
		this.presence.join(ann, "side");
		this.presence.join(ben, "side");
		this.presence.closed("c2", CloseReason.RESET);
		assertThat(annOut.lines()).filteredOn((line) -> line.contains("quit"))
			.containsExactly("* guest-2 quit (connection reset)");
		assertThat(this.registry.size()).isEqualTo(1);
		assertThat(this.nicks.find("guest-2")).isNull();
		assertThat(this.rooms.nicks("side")).containsExactly("guest-1");
		this.presence.closed("c1", CloseReason.EOF);
		assertThat(this.rooms.size()).isZero();
		assertThat(this.nicks.size()).isZero();
	}

	@Test
	void withoutAutoJoinANewSessionIsGreetedInNoRoom() {
		Presence lonely = new Presence(this.registry, this.rooms, this.nicks, new NoPeers(), new NoAccounts(),
				this.names, new ChatProperties("lobby", false, 3, 32, 64, Set.of(), 100),
				new Moderation(this.rooms, this.nicks, new ChatProperties("lobby", false, 3, 32, 64, Set.of(), 100)));
		RecordingOutbound out = new RecordingOutbound();
		Session ann = lonely.open("c1", "127.0.0.1:1", out);
		assertThat(out.lines())
			.containsExactly("* Welcome to Switchboard, guest-1! /join ROOM to start. Type /help for commands.");
		assertThat(ann.rooms()).isEmpty();
		assertThat(this.rooms.size()).isZero();
	}

	@Test
	void quitSaysByeAndClosesAfterIt() {
		RecordingOutbound out = new RecordingOutbound();
		Session ann = this.presence.open("c1", "127.0.0.1:1", out);
		this.commands.handle(ann, new Command.Quit("x".repeat(500)));
		assertThat(out.last()).isEqualTo("* Bye!");
		assertThat(out.closed()).isEqualTo(CloseReason.QUIT);
		assertThat(ann.quitMessage()).hasSize(200);
	}

	@Test
	void whoListsABigRoomInPagesAndSaysHowToGetTheNext() {
		RecordingOutbound out = new RecordingOutbound();
		Session ann = this.presence.open("c1", "127.0.0.1:1", out);
		for (int i = 2; i <= 5; i++) {
			this.presence.open("c" + i, "127.0.0.1:" + i, new RecordingOutbound());
		}
		// This handler's page size is 2.
		this.commands.handle(ann, new Command.Who("lobby", 1));
		this.commands.handle(ann, new Command.Who("lobby", 3));
		this.commands.handle(ann, new Command.Who("lobby", 4));
		assertThat(out.lines()).endsWith("* #lobby (5, page 1 of 3): guest-1, guest-2 (/who lobby 2 for more)",
				"* #lobby (5, page 3 of 3): guest-5", "* #lobby (5, page 4 of 3): none");
	}

}
