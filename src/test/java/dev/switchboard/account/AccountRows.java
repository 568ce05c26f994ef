package dev.switchboard.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.switchboard.gateway.ChildServer;
import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 part 3, "Accounts", over real sockets against a Switchboard in a process of
 * its own, so a row can restart it and read its whole log. The same rows for every
 * database: the embedded H2 file ({@link H2AccountIntegrationTests}) and PostgreSQL
 * ({@link PostgresAccountIntegrationTests}). Every password here contains {@link #MARK},
 * which must never appear in the server's output. PROTOCOL.md "Accounts".
 */
abstract class AccountRows {

	static final String MARK = "Zq9";

	static ChildServer server;

	/** The database settings for a server: the same for a restart. */
	abstract List<String> database();

	static ChildServer start(List<String> database) {
		List<String> settings = new ArrayList<>(List.of("--switchboard.tcp.sniff-window=0",
				"--switchboard.input.lines-per-second=0", "--switchboard.input.address-bytes-per-second=0",
				"--switchboard.tcp.max-connections-per-address=0", "--switchboard.accounts.max-failures-per-address=12",
				"--switchboard.accounts.takeover-timeout=3s"));
		settings.addAll(database);
		return ChildServer.start(List.of(), settings.toArray(String[]::new));
	}

	@AfterAll
	static void noPasswordReachedTheLogAndTheServerStops() {
		try {
			assertThat(server.output()).doesNotContain(MARK);
		}
		finally {
			server.close();
		}
	}

	/** Connects, takes the nick and leaves the lobby, so no one else's notices arrive. */
	LineClient login(String nick) {
		return alone(LineClient.login(server.chatPort, nick));
	}

	LineClient loginFrom(String address, String nick) {
		return alone(LineClient.login(LineClient.connectFrom(address, server.chatPort), nick));
	}

	private static LineClient alone(LineClient client) {
		client.send("/leave").awaitLine("\\* You left #lobby");
		return client;
	}

	static LineClient register(LineClient client, String nick, String password) {
		client.send("/register " + password)
			.expectLine("\\* " + nick + " is now registered to you, and you are logged in\\. .*");
		client.expectLine("\\* This connection is not encrypted: your password crossed the network in clear text.*");
		return client;
	}

	@Test
	void aRegisteredNickSurvivesARestartAndItsPasswordLogsInAgain() {
		try (LineClient ada = login("ada")) {
			register(ada, "ada", "ada-" + MARK + "-pass");
		}
		assertThat(server.output()).doesNotContain(MARK);
		server.close();
		server = start(database());
		try (LineClient guest = login("someone")) {
			guest.send("/nick ada").expectLine("! The nick ada is registered; if it is yours, /login ada PASSWORD.*");
			guest.send("/login ada ada-" + MARK + "-pass").expectLine("\\* You are now known as ada");
			guest.expectLine("\\* You are logged in as ada\\.");
			guest.expectLine("\\* This connection is not encrypted.*");
		}
	}

	@Test
	void loginWhenPasswordWrongThenRefusedAndTheHolderKeepsTheNick() {
		try (LineClient bea = register(login("bea"), "bea", "bea-" + MARK + "-pass"); LineClient eve = login("eve")) {
			eve.send("/login bea not-" + MARK + "-it").expectLine("! Wrong password for bea\\.");
			eve.send("/login nobody-here x-" + MARK + "-yz")
				.expectLine("! Nobody has registered nobody-here; to make it yours, /nick nobody-here then"
						+ " /register PASSWORD\\.");
			bea.expectNothing();
			eve.send("/whois bea").expectLine("\\* bea is online, logged in as bea\\.");
		}
	}

	@Test
	void aGuestTryingToTakeARegisteredNickIsToldHowToLogIn() {
		try (LineClient cy = register(login("cy"), "cy", "cy-" + MARK + "-pass")) {
			cy.send("/quit");
		}
		try (LineClient guest = login("cyclist")) {
			guest.send("/nick CY")
				.expectLine(
						"! The nick CY is registered; if it is yours, /login CY PASSWORD, else pick another nick\\.");
			guest.send("/whois cy").expectLine("\\* cy is not online; the nick is registered\\.");
			guest.send("/register short")
				.expectLine("! A password needs at least 8 characters\\. Nothing was changed\\.");
		}
	}

	@Test
	void loggingInTakesTheNickFromItsHolderWhoBecomesAGuestAndIsTold() {
		try (LineClient dee = register(login("dee"), "dee", "dee-" + MARK + "-pass");
				LineClient other = login("dee2")) {
			other.send("/login dee dee-" + MARK + "-pass").expectLine("\\* You are now known as dee");
			other.expectLine("\\* You are logged in as dee\\.");
			dee.awaitLine("! Someone logged in to the account of dee, which takes the nick; you are no longer dee\\.");
			dee.expectLine("\\* You are now known as guest-\\d+");
			dee.expectLine("\\* You are no longer logged in as dee; /login dee PASSWORD to be dee again\\.");
		}
	}

	@Test
	void logoutPasswordChangeAndUnregisterEachDoWhatTheySay() {
		try (LineClient fay = register(login("fay"), "fay", "fay-" + MARK + "-one")) {
			fay.send("/password wrong-" + MARK + "-x fay-" + MARK + "-two").expectLine("! Wrong password for fay\\.");
			fay.send("/password fay-" + MARK + "-one fay-" + MARK + "-two")
				.expectLine("\\* Your password is changed\\.");
			fay.expectLine("\\* This connection is not encrypted.*");
			fay.send("/logout").expectLine("\\* You are logged out of fay\\. .*");
			fay.expectLine("\\* You are now known as guest-\\d+");
			fay.send("/logout").expectLine("! You are not logged in; /login NICK PASSWORD first\\.");
			fay.send("/login fay fay-" + MARK + "-one").expectLine("! Wrong password for fay\\.");
			fay.send("/login fay fay-" + MARK + "-two").expectLine("\\* You are now known as fay");
			fay.awaitLine("\\* You are logged in as fay\\.");
			fay.awaitLine("\\* This connection is not encrypted.*");
			fay.send("/nick fay-away").expectLine("\\* You are now known as fay-away");
			fay.expectLine("\\* You are no longer logged in as fay; .*");
			fay.send("/login fay fay-" + MARK + "-two").expectLine("\\* You are now known as fay");
			fay.awaitLine("\\* This connection is not encrypted.*");
			fay.send("/unregister fay-" + MARK + "-two").expectLine("\\* fay is no longer registered\\. .*");
			fay.send("/whois fay").expectLine("\\* fay is online, not logged in \\(the nick is not registered\\)\\.");
		}
		try (LineClient next = login("fay")) {
			next.send("/whois fay").expectLine("\\* fay is online, not logged in \\(the nick is not registered\\)\\.");
		}
	}

	@Test
	void jsonClientsSeeTheAccountOnTheirStateAndOnMessagesFromLoggedInSenders() {
		try (LineClient gil = register(login("gil"), "gil", "gil-" + MARK + "-pass"); LineClient bot = login("bot")) {
			gil.send("/join json").expectLine("\\* You joined #json \\(1 member\\)");
			bot.send("/join json").expectLine("\\* You joined #json \\(2 members\\)");
			gil.expectLine("\\* bot joined #json");
			bot.send("/format json").expectLine("\\{\"type\":\"info\",.*");
			gil.send("hello");
			bot.expectLine("\\{\"type\":\"message\",\"ts\":\\d+,\"room\":\"json\",\"from\":\"gil\",\"text\":\"hello\","
					+ "\"account\":\"gil\"\\}");
			bot.send("/whois gil")
				.expectLine("\\{\"type\":\"whois\",\"ts\":\\d+,\"nick\":\"gil\",\"online\":true,\"registered\":true,"
						+ "\"account\":\"gil\"\\}");
			bot.send("hi");
			gil.expectLine("\\[#json\\] bot: hi");
			bot.send("/logout")
				.expectLine("\\{\"type\":\"error\",\"ts\":\\d+,\"code\":\"not_logged_in\",\"text\":\"You are not.*");
		}
	}

	@Test
	void twoLoginsRacingForOneAccountLeaveItsNickWithExactlyOneOfThem() throws Exception {
		try (LineClient holder = register(login("duo"), "duo", "duo-" + MARK + "-pass");
				LineClient left = login("racer-a");
				LineClient right = login("racer-b");
				LineClient observer = login("observer")) {
			CyclicBarrier start = new CyclicBarrier(2);
			CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> race(start, left));
			CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> race(start, right));
			List<String> finalNicks = List.of(a.get(), b.get());
			assertThat(finalNicks).filteredOn("duo"::equals).hasSize(1);
			assertThat(lastNick(holder, "duo")).matches("guest-\\d+");
			observer.send("/whois duo").awaitLine("\\* duo is online, logged in as duo\\.");
		}
	}

	private static String race(CyclicBarrier start, LineClient client) {
		try {
			start.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		client.send("/login duo duo-" + MARK + "-pass");
		return lastNick(client, null);
	}

	/** Reads until the client hears nothing for a second: its last nick. */
	private static String lastNick(LineClient client, String initial) {
		String nick = initial;
		String line;
		while ((line = client.nextLine(Duration.ofSeconds(1))) != null) {
			if (line.startsWith("* You are now known as ")) {
				nick = line.substring("* You are now known as ".length());
			}
		}
		return nick;
	}

	@Test
	void aBruteForcerGetsFiveGuessesPerAccountAndTwelvePerAddressInAWindow() {
		try (LineClient owner = register(login("vault"), "vault", "vault-" + MARK + "-pass");
				LineClient attacker = loginFrom("127.0.0.5", "mallory")) {
			for (int i = 0; i < 30; i++) {
				attacker.send("/login vault guess-" + MARK + "-" + i);
			}
			for (int i = 0; i < 5; i++) {
				attacker.expectLine("! Wrong password for vault\\.");
			}
			for (int i = 5; i < 30; i++) {
				attacker.expectLine("! Too many failed password attempts for vault; try again in \\d+ s\\.");
			}
			owner.expectNothing();
		}
		try (LineClient elsewhere = loginFrom("127.0.0.6", "trudy")) {
			elsewhere.send("/login vault vault-" + MARK + "-pass")
				.expectLine("! Too many failed password attempts for vault; try again in \\d+ s\\.");
		}
		try (LineClient sprayer = loginFrom("127.0.0.7", "sprayer")) {
			for (int i = 0; i < 12; i++) {
				sprayer.send("/login spray" + i + " guess-" + MARK)
					.expectLine("! Nobody has registered spray" + i + ".*");
			}
			sprayer.send("/login ada anything-" + MARK)
				.expectLine("! Too many failed password attempts from your address; try again in \\d+ s\\.");
		}
	}

	@Test
	void passwordsAreInNoReplyNoLogNoOperatorListAndNoMetric() {
		try (LineClient hal = login("hal")) {
			hal.send("/register hal-" + MARK + "-pass");
			hal.send("/login hal extra words-" + MARK).awaitLine("! Usage: /login NICK PASSWORD");
			hal.send("/password hal-" + MARK + "-pass").expectLine("! Usage: /password OLD NEW");
			hal.send("/register two words-" + MARK).expectLine("! Usage: /register PASSWORD");
			hal.send("/ping done").awaitLine("\\* pong done");
			String sessions = server.http().get("/actuator/switchboard").body();
			assertThat(sessions).contains("\"nick\":\"hal\"").contains("\"account\":\"hal\"").doesNotContain(MARK);
			assertThat(server.http().get("/actuator/prometheus").body())
				.contains("switchboard_account_logins_total{application=\"switchboard\",outcome=\"wrong_password\"}")
				.doesNotContain(MARK);
		}
		assertThat(server.output()).contains("Account hal registered from 127.0.0.1").doesNotContain(MARK);
	}

}
