package dev.switchboard.routing;

import java.util.List;
import java.util.Set;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Room operators and modes with real collaborators (PROTOCOL.md §3b, docs/IRC.md "Room
 * operators and modes").
 */
class ModerationTests {

	private final LocalRooms rooms = new LocalRooms();

	private final LocalNicks nicks = new LocalNicks();

	private final ChatProperties chat = new ChatProperties("lobby", true, 5, 32, 64, Set.of("server"), 100);

	private final Moderation moderation = new Moderation(this.rooms, this.nicks, this.chat);

	private final Presence presence = new Presence(new SessionRegistry(), this.rooms, this.nicks, new NoPeers(),
			new NoAccounts(), new NameRules(32, 64, Set.of("server")), this.chat, this.moderation);

	@Test
	void theFirstMemberOfANewRoomIsItsOperatorButNobodyIsTheLobbys() {
		Session ann = user("ann");
		Session ben = user("ben");
		this.presence.join(ann, "dev");
		this.presence.join(ben, "dev");
		assertThat(this.rooms.holders("dev", Privilege.OPERATOR)).containsExactly("ann");
		assertThat(this.rooms.holders("lobby", Privilege.OPERATOR)).isEmpty();
	}

	@Test
	void whenTheLastOperatorLeavesTheLongestPresentMemberBecomesOneAndTheRoomIsTold() {
		Session ann = user("ann");
		Session ben = user("ben");
		RecordingOutbound cyd = new RecordingOutbound();
		Session cydSession = this.presence.open("c3", "127.0.0.1:3", cyd);
		this.presence.nick(cydSession, "cyd");
		this.presence.join(ann, "dev");
		this.presence.join(ben, "dev");
		this.presence.join(cydSession, "dev");
		this.presence.leave(ann, "dev");
		assertThat(this.rooms.holders("dev", Privilege.OPERATOR)).containsExactly("ben");
		assertThat(cyd.lines()).endsWith("* ann left #dev",
				"* ben is now an operator of #dev (its last operator left)");
	}

	@Test
	void onlyWhatChangedIsAppliedAndANonOperatorChangesNothing() {
		Session ann = user("ann");
		Session ben = user("ben");
		this.presence.join(ann, "dev");
		this.presence.join(ben, "dev");
		List<ModeChange> plusNt = List.of(new ModeChange(true, 'n', null), new ModeChange(true, 't', null));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.moderation.mode(ben, "dev", plusNt, false))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_OPERATOR));
		assertThat(this.moderation.mode(ann, "dev", plusNt, false)).containsExactly(new ModeChange(true, 't', null));
		assertThat(this.rooms.modes("dev").letters()).isEqualTo("+nt");
		assertThat(this.moderation.mode(ben, "dev", plusNt, true)).isEmpty();
	}

	@Test
	void aKickedMemberLeavesTheRoomButStaysConnected() {
		Session ann = user("ann");
		RecordingOutbound benOut = new RecordingOutbound();
		Session ben = this.presence.open("c2", "127.0.0.1:2", benOut);
		this.presence.nick(ben, "ben");
		this.presence.join(ann, "dev");
		this.presence.join(ben, "dev");
		this.moderation.kick(ann, "dev", "BEN", "  ", false);
		assertThat(ben.rooms()).containsExactly("lobby");
		assertThat(this.rooms.nicks("dev")).containsExactly("ann");
		assertThat(benOut.lines()).last().isEqualTo("* You were kicked from #dev by ann (ann)");
		assertThat(ben.isClosing()).isFalse();
	}

	@Test
	void anInvitationToAnInviteOnlyRoomIsUsedOnce() {
		Session ann = user("ann");
		Session ben = user("ben");
		this.presence.join(ann, "dev");
		this.moderation.mode(ann, "dev", List.of(new ModeChange(true, 'i', null)), false);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.presence.join(ben, "dev"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVITE_ONLY));
		this.moderation.invite(ann, "dev", "ben", false);
		this.presence.join(ben, "dev");
		this.presence.leave(ben, "dev");
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.presence.join(ben, "dev"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVITE_ONLY));
	}

	@Test
	void modeStringsReadEachNickInOrderAndRenderAsIrcWritesThem() {
		StringBuilder unknown = new StringBuilder();
		List<ModeChange> changes = ModeChange.parse("+ot-vx", List.of("ann", "ben"), unknown::append, (c) -> {
		});
		assertThat(changes).containsExactly(new ModeChange(true, 'o', "ann"), new ModeChange(true, 't', null),
				new ModeChange(false, 'v', "ben"));
		assertThat(unknown).hasToString("x");
		assertThat(ModeChange.render(changes)).containsExactly("+ot-v", "ann", "ben");
	}

	private Session user(String nick) {
		Session session = this.presence.open("c-" + nick, "127.0.0.1:1", new RecordingOutbound());
		this.presence.nick(session, nick);
		return session;
	}

}
