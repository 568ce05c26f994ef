package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Renders events as lines for people: chat as {@code [#room] nick: text}, direct messages
 * as {@code [dm] nick: text}, information as {@code * ...}, errors as {@code ! ...}.
 * Every line ends with CRLF. A lone surrogate becomes U+FFFD
 * ({@link Unicode#wellFormed}), not the {@code ?} that {@code String.getBytes} would
 * write.
 */
final class TextEncoder {

	private TextEncoder() {
	}

	static byte[] encode(Event event) {
		String text = switch (event) {
			case Event.Welcome e ->
				"* Welcome to Switchboard, " + e.nick() + "! You are in #" + e.room() + ". Type /help for commands.";
			case Event.Message e -> "[#" + e.room() + "] " + said(e.from(), e.text(), e.action(), e.notice());
			case Event.Dm e -> "[dm] " + said(e.from(), e.text(), e.action(), e.notice());
			case Event.Topic e -> e.text().isEmpty() ? "* " + e.nick() + " cleared the topic of #" + e.room()
					: "* " + e.nick() + " set the topic of #" + e.room() + ": " + e.text();
			case Event.Joined e -> e.self() ? "* You joined #" + e.room() + " (" + members(e.members()) + ")"
					: "* " + e.nick() + " joined #" + e.room();
			case Event.Left e -> (e.self() ? "* You left #" + e.room() : "* " + e.nick() + " left #" + e.room())
					+ ((e.reason() != null) ? " (" + e.reason() + ")" : "");
			case Event.NickChanged e ->
				e.self() ? "* You are now known as " + e.nick() : "* " + e.from() + " is now known as " + e.nick();
			case Event.Quit e -> "* " + e.nick() + " quit (" + e.reason() + ")";
			case Event.Info e -> "* " + e.text().replace("\n", "\r\n* ");
			case Event.Error e -> "! " + e.text();
			case Event.Gap e -> "! " + e.text();
			case Event.RoomList e -> roomList(e);
			case Event.Who e -> who(e);
			case Event.Pong e -> (e.token() != null) ? "* pong " + e.token() : "* pong";
			case Event.Account e -> "* " + e.text();
			case Event.Whois e -> whois(e);
			case Event.Kicked e -> (e.self() ? "* You were kicked from #" + e.room() + " by " + e.by()
					: "* " + e.nick() + " was kicked from #" + e.room() + " by " + e.by()) + " (" + e.reason() + ")";
			case Event.ModeChanged e -> modeChanged(e);
			case Event.Modes e -> "* #" + e.room() + " has modes " + e.modes() + meanings(e.modes()) + "; operators: "
					+ (e.operators().isEmpty() ? "none" : String.join(", ", e.operators()));
			case Event.Invited e ->
				"* " + e.from() + " invited you to #" + e.room() + "; /join " + e.room() + " to enter.";
		};
		return (Unicode.wellFormed(text) + "\r\n").getBytes(StandardCharsets.UTF_8);
	}

	// A notice reads -nick- text, as IRC clients show one.
	private static String said(String from, String text, boolean action, boolean notice) {
		if (action) {
			return "* " + from + " " + text;
		}
		return notice ? "-" + from + "- " + text : from + ": " + text;
	}

	// +o and -o read as sentences; flags as the letters with their meaning.
	private static String modeChanged(Event.ModeChanged change) {
		String by = (change.by() != null) ? change.by() : "The server";
		String room = "#" + change.room();
		if (change.modes().equals("+o") && change.args().size() == 1) {
			return (change.by() != null) ? "* " + by + " made " + change.args().get(0) + " an operator of " + room
					: "* " + change.args().get(0) + " is now an operator of " + room + " (its last operator left)";
		}
		if (change.modes().equals("+v") && change.args().size() == 1) {
			return "* " + by + " gave " + change.args().get(0) + " a voice in " + room;
		}
		if (change.modes().equals("-o") && change.args().size() == 1) {
			return "* " + by + " took operator status in " + room + " from " + change.args().get(0);
		}
		String args = change.args().isEmpty() ? "" : " " + String.join(" ", change.args());
		return "* " + by + " set mode " + change.modes() + args + " on " + room + meanings(change.modes());
	}

	private static String meanings(String modes) {
		String flags = modes.chars()
			.filter((c) -> c != '+' && c != '-' && c != 'o' && c != 'v')
			.mapToObj((c) -> flagMeaning((char) c))
			.collect(Collectors.joining(", "));
		return flags.isEmpty() ? "" : " (" + flags + ")";
	}

	private static String flagMeaning(char mode) {
		return switch (mode) {
			case 'i' -> "i: invite only";
			case 'm' -> "m: only operators and voiced members talk";
			case 'n' -> "n: only members talk";
			case 's' -> "s: secret";
			case 't' -> "t: only operators set the topic";
			default -> String.valueOf(mode);
		};
	}

	private static String roomList(Event.RoomList list) {
		Event.Page page = list.page();
		if (page.total() == 0) {
			return "* No rooms; /join ROOM creates one.";
		}
		String rooms = list.rooms()
			.stream()
			.map((r) -> "#" + r.room() + " (" + r.members() + ")")
			.collect(Collectors.joining(", "));
		if (page.isOnlyPage()) {
			return "* Rooms: " + rooms;
		}
		return "* Rooms (page " + page.number() + " of " + page.pages() + ", " + page.total()
				+ ((page.total() == 1) ? " room): " : " rooms): ") + (rooms.isEmpty() ? "none" : rooms)
				+ more(page, "/rooms ");
	}

	private static String who(Event.Who who) {
		Event.Page page = who.page();
		String nicks = String.join(", ", who.nicks());
		if (page.isOnlyPage()) {
			return "* #" + who.room() + " (" + page.total() + "): " + nicks;
		}
		return "* #" + who.room() + " (" + page.total() + ", page " + page.number() + " of " + page.pages() + "): "
				+ (nicks.isEmpty() ? "none" : nicks) + more(page, "/who " + who.room() + " ");
	}

	private static String whois(Event.Whois whois) {
		if (whois.online()) {
			return "* " + whois.nick() + " is online, " + ((whois.account() != null)
					? "logged in as " + whois.account() + "." : "not logged in (the nick is not registered).");
		}
		return "* " + whois.nick() + " is not online; the nick is "
				+ (whois.registered() ? "registered." : "not registered.");
	}

	private static String more(Event.Page page, String command) {
		return (page.number() < page.pages()) ? " (" + command + (page.number() + 1) + " for more)" : "";
	}

	private static String members(int count) {
		return (count == 1) ? "1 member" : count + " members";
	}

}
