package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 2 "Protocol v1", over real sockets. Sections refer to docs/PROTOCOL.md. */
@ChatServerTest
class ChatIntegrationTests extends ServerFixture {

	@Test // §2
	void newConnectionIsGreetedWithItsGuestNickAndPutInTheLobby() {
		try (LineClient client = connect()) {
			String welcome = client
				.expectLine("\\* Welcome to Switchboard, guest-\\d+! You are in #lobby\\. .*/help.*");
			client.expectLine("\\* You joined #lobby \\(1 member\\)");
			String nick = welcome.replaceAll(".*(guest-\\d+).*", "$1");
			client.send("/who").expectLine("\\* #lobby \\(1\\): " + nick);
		}
	}

	@Test
	void aClosedConnectionIsForgottenAtOnceNotAtTheNextAccept() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			bob.send("/who").awaitLine("\\* #lobby \\(2\\): alice, bob");
			assertThat(this.chatServer.tracked()).isEqualTo(2);
			alice.close();
			bob.awaitLine("\\* alice quit .*");
			await().until(() -> this.chatServer.tracked() == 1);
		}
	}

	@Test // §3
	void lineIsDeliveredToRoomMembersExceptTheSender() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob"); LineClient carol = login("carol")) {
			bob.awaitLine("\\* guest-\\d+ is now known as carol");
			alice.awaitLine("\\* guest-\\d+ is now known as carol");
			alice.send("hello, world");
			bob.expectLine("\\[#lobby\\] alice: hello, world");
			carol.expectLine("\\[#lobby\\] alice: hello, world");
			alice.expectNothing();
		}
	}

	@Test // §3
	void doubleSlashSaysALiteralLineStartingWithSlashAndEmptyLinesAreIgnored() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.send("").send("   ").send("//etc/hosts is a file");
			alice.expectLine("\\[#lobby\\] bob: /etc/hosts is a file");
			bob.expectNothing();
		}
	}

	@Test // §3
	void joinCreatesARoomAndMembersSeeJoinAndLeaveNotices() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			alice.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			bob.send("/join #dev").expectLine("\\* You joined #dev \\(2 members\\)");
			alice.awaitLine("\\* bob joined #dev");
			bob.send("in dev");
			alice.expectLine("\\[#dev\\] bob: in dev");
			bob.send("/leave").expectLine("\\* You left #dev");
			bob.expectLine("\\* You are now talking in #lobby\\.");
			alice.expectLine("\\* bob left #dev");
			bob.send("back in the lobby");
			alice.expectLine("\\[#lobby\\] bob: back in the lobby");
		}
	}

	@Test // §3
	void roomsListsRoomsWithMemberCountsAndWhoListsMembers() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			alice.send("/join dev").expectLine("\\* You joined #dev \\(1 member\\)");
			bob.send("/rooms").expectLine("\\* Rooms: #dev \\(1\\), #lobby \\(2\\)");
			bob.send("/who dev").expectLine("\\* #dev \\(1\\): alice");
			bob.send("/who").expectLine("\\* #lobby \\(2\\): alice, bob");
			bob.send("/who nowhere").expectLine("! There is no room #nowhere; /rooms lists them\\.");
		}
	}

	@Test // §3
	void directMessageReachesOnlyItsRecipient() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob"); LineClient carol = login("carol")) {
			alice.awaitLine("\\* guest-\\d+ is now known as carol");
			bob.awaitLine("\\* guest-\\d+ is now known as carol");
			bob.send("/msg ALICE psst, a secret");
			alice.expectLine("\\[dm\\] bob: psst, a secret");
			carol.expectNothing();
			bob.send("/msg nobody hi").expectLine("! Nobody is called nobody; /who lists a room\\.");
		}
	}

	@Test // §3
	void meSaysAnActionAndPingAnswersPong() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.send("/me waves");
			alice.expectLine("\\[#lobby\\] \\* bob waves");
			bob.send("/ping").expectLine("\\* pong");
			bob.send("/PING 1234").expectLine("\\* pong 1234");
		}
	}

	@Test // §3
	void nickChangeIsAnnouncedOnceToEveryoneSharingARoom() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			alice.send("/join dev").expectLine("\\* You joined #dev.*");
			bob.send("/join dev").expectLine("\\* You joined #dev.*");
			alice.awaitLine("\\* bob joined #dev");
			bob.send("/nick robert").expectLine("\\* You are now known as robert");
			alice.expectLine("\\* bob is now known as robert");
			alice.expectNothing();
		}
	}

	@Test // §3
	void nickRulesAreEnforcedWithSpecificErrors() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			bob.send("/nick ALICE").expectLine("! The nick ALICE is taken; pick another with /nick NAME\\.");
			bob.send("/nick admin").expectLine("! The nick 'admin' is reserved; pick another\\.");
			bob.send("/nick 9lives").expectLine("! Invalid nick '9lives': use a letter, .*");
			bob.send("/nick " + "a".repeat(33)).expectLine("! Invalid nick 'a{33}': .*at most 32 in all\\.");
			bob.send("/nick " + "c".repeat(50)).expectLine("! Invalid nick 'c{40}\\.\\.\\.': .*");
			bob.send("/nick " + "b".repeat(32)).expectLine("\\* You are now known as b{32}");
			bob.send("/nick two words").expectLine("! Usage: /nick NAME");
			alice.awaitLine("\\* bob is now known as b{32}");
			alice.send("/nick Alice").expectLine("\\* You are now known as Alice");
		}
	}

	@Test // §3
	void sayingOutsideAnyRoomIsAnErrorNotASilentDrop() {
		try (LineClient alice = login("alice")) {
			alice.send("/leave").expectLine("\\* You left #lobby");
			alice.send("anyone?").expectLine("! You are not in any room, so nobody heard that; /join ROOM first\\.");
			alice.send("/leave").expectLine("! You are not in any room; /join ROOM first\\.");
			alice.send("/leave dev").expectLine("! You are not in #dev\\.");
		}
	}

	@Test // §3
	void unknownCommandSaysWhatToDoInstead() {
		try (LineClient alice = login("alice")) {
			alice.send("/frobnicate now")
				.expectLine("! Unknown command /frobnicate\\. Type /help for the list; start a line with // .*");
			alice.send("/help").expectLine("\\* Commands .*");
			String last = alice.awaitLine("\\*   /quit \\[REASON\\] .*");
			assertThat(last).contains("leave the server");
		}
	}

	@Test // §3
	void quitSaysByeClosesAndOthersSeeTheReason() {
		try (LineClient alice = login("alice"); LineClient bob = login("bob")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bob");
			bob.send("/quit see you tomorrow").expectLine("\\* Bye!");
			bob.expectClosed();
			alice.expectLine("\\* bob quit \\(Quit: see you tomorrow\\)");
		}
	}

	@Test // §3, §4
	void formatJsonTurnsEveryServerLineIntoAJsonObject() {
		try (LineClient alice = login("alice"); LineClient bot = login("bot")) {
			alice.awaitLine("\\* guest-\\d+ is now known as bot");
			bot.send("/format json")
				.expectLine("\\{\"type\":\"info\",\"ts\":\\d+,\"text\":\"Output format is now json\\.\"\\}");
			alice.send("hi \"bot\"");
			bot.expectLine(
					"\\{\"type\":\"message\",\"ts\":\\d+,\"room\":\"lobby\",\"from\":\"alice\",\"text\":\"hi \\\\\"bot\\\\\"\"\\}");
			alice.send("/msg bot ping?");
			bot.expectLine("\\{\"type\":\"dm\",\"ts\":\\d+,\"from\":\"alice\",\"text\":\"ping\\?\"\\}");
			bot.send("/nosuch")
				.expectLine("\\{\"type\":\"error\",\"ts\":\\d+,\"code\":\"unknown_command\",\"text\":\".*\"\\}");
			bot.send("/who")
				.expectLine("\\{\"type\":\"who\",\"ts\":\\d+,\"room\":\"lobby\",\"nicks\":\\[\"alice\",\"bot\"\\]\\}");
			bot.send("/rooms")
				.expectLine(
						"\\{\"type\":\"rooms\",\"ts\":\\d+,\"rooms\":\\[\\{\"room\":\"lobby\",\"members\":2\\}\\]\\}");
			bot.send("/ping t1").expectLine("\\{\"type\":\"pong\",\"ts\":\\d+,\"token\":\"t1\"\\}");
			alice.send("/quit");
			bot.expectLine("\\{\"type\":\"quit\",\"ts\":\\d+,\"nick\":\"alice\",\"reason\":\"Quit\"\\}");
			bot.send("/format text").expectLine("\\* Output format is now text\\.");
		}
	}

	@Test // issue 2, "Done when": three users, two rooms, a DM, /who and /quit
	void threeUsersInTwoRoomsBehaveAsDocumented() {
		try (LineClient ann = login("ann"); LineClient ben = login("ben"); LineClient cat = login("cat")) {
			ann.awaitLine("\\* guest-\\d+ is now known as cat");
			ben.awaitLine("\\* guest-\\d+ is now known as cat");
			ann.send("/join ops").expectLine("\\* You joined #ops \\(1 member\\)");
			cat.send("/join ops").expectLine("\\* You joined #ops \\(2 members\\)");
			ann.expectLine("\\* cat joined #ops");
			cat.send("deploying now");
			ann.expectLine("\\[#ops\\] cat: deploying now");
			ben.expectNothing();
			ben.send("anyone in the lobby?");
			ann.expectLine("\\[#lobby\\] ben: anyone in the lobby\\?");
			cat.expectLine("\\[#lobby\\] ben: anyone in the lobby\\?");
			ben.send("/msg cat lunch?");
			cat.expectLine("\\[dm\\] ben: lunch\\?");
			ben.send("/who ops").expectLine("\\* #ops \\(2\\): ann, cat");
			cat.send("/quit lunch");
			cat.expectLine("\\* Bye!");
			cat.expectClosed();
			ann.expectLine("\\* cat quit \\(Quit: lunch\\)");
			ben.expectLine("\\* cat quit \\(Quit: lunch\\)");
			ann.expectNothing();
		}
	}

	@Test // gh-3: no false positives at the default 1 MiB limit
	void healthyClientReceivingABurstOfLargeMessagesIsNotCut() {
		String payload = "q".repeat(4000);
		try (LineClient talker = login("talker"); LineClient reader = login("reader")) {
			talker.awaitLine("\\* guest-\\d+ is now known as reader");
			for (int i = 0; i < 500; i++) {
				talker.send(i + " " + payload);
			}
			for (int i = 0; i < 500; i++) {
				reader.expectLine("\\[#lobby\\] talker: " + i + " q{4000}");
			}
			reader.send("/ping still here").expectLine("\\* pong still here");
		}
	}

	@Test // issue 13, bug 7
	void aQuitReasonIsCutByCodePointSoAnEmojiAtTheLimitIsNeverSplit() {
		String reason = "a".repeat(199) + "\uD83D\uDE00" + "b";
		try (LineClient bot = login("bot"); LineClient person = login("person"); LineClient cut = login("cut")) {
			bot.send("/format json").awaitLine(".*Output format is now json.*");
			person.awaitLine("\\* guest-\\d+ is now known as cut");
			cut.send("/quit " + reason);
			String json = bot.awaitLine("\\{\"type\":\"quit\".*");
			assertThat(json).contains("\"reason\":\"Quit: " + "a".repeat(199) + "\uD83D\uDE00\"}");
			person.awaitLine(java.util.regex.Pattern.quote("* cut quit (Quit: " + "a".repeat(199) + "\uD83D\uDE00)"));
		}
	}

	@Test // issue 13: the lecture's own client sends a line with no newline and closes
	void aProgramThatSendsOneUnterminatedLineAndClosesAtOnceIsHeardEveryTime() throws Exception {
		try (LineClient member = login("member")) {
			for (int i = 0; i < 20; i++) {
				try (java.net.Socket client = new java.net.Socket("127.0.0.1", this.port)) {
					client.getOutputStream()
						.write(("Hola de vuelta! " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				}
				member.awaitLine("\\[#lobby\\] guest-\\d+: Hola de vuelta! " + i);
			}
		}
	}

}
