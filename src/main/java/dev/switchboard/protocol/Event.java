package dev.switchboard.protocol;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything the server tells a client. Each event is one JSON object (its {@code type}
 * is in {@link #type()}) or one or more text lines. Room names are carried without
 * {@code #}. {@code self} marks the confirmation sent to the user who acted. PROTOCOL.md
 * §4.
 */
public sealed interface Event {

	String type();

	record Welcome(String nick, String room) implements Event {
		public String type() {
			return "welcome";
		}
	}

	/**
	 * A line said in a room; {@code account} is set when the sender is logged in to the
	 * account of that nick (PROTOCOL.md "Accounts"). {@code action} is a {@code /me} (an
	 * IRC CTCP ACTION); {@code notice} is an IRC {@code NOTICE}, which no program answers
	 * automatically.
	 */
	record Message(String room, String from, String text, boolean action, @Nullable String account,
			boolean notice) implements Event {

		public Message(String room, String from, String text, boolean action) {
			this(room, from, text, action, null, false);
		}

		public Message(String room, String from, String text, boolean action, @Nullable String account) {
			this(room, from, text, action, account, false);
		}

		public String type() {
			return "message";
		}

	}

	/**
	 * A direct message; {@code account}, {@code action} and {@code notice} as for
	 * {@link Message}. {@code to} is the recipient's nick when the sender knew it (IRC
	 * names it in {@code PRIVMSG}).
	 */
	record Dm(String from, String text, @Nullable String account, @Nullable String to, boolean action,
			boolean notice) implements Event {

		public Dm(String from, String text) {
			this(from, text, null, null, false, false);
		}

		public Dm(String from, String text, @Nullable String account) {
			this(from, text, account, null, false, false);
		}

		public String type() {
			return "dm";
		}

	}

	/**
	 * The session's account changed: {@code account} is the one it is now logged in to,
	 * {@code null} once logged out. Sent only to that session.
	 */
	record Account(@Nullable String account, String text) implements Event {
		public String type() {
			return "account";
		}
	}

	/**
	 * The answer to {@code /whois}: whether the nick is held by a connected user (on any
	 * server), whether it is registered, and the account its holder is logged in to.
	 */
	record Whois(String nick, boolean online, boolean registered, @Nullable String account) implements Event {
		public String type() {
			return "whois";
		}
	}

	record Joined(String room, String nick, boolean self, int members) implements Event {
		public String type() {
			return "joined";
		}
	}

	/** A member left a room, with the reason it gave, if any (IRC's PART message). */
	record Left(String room, String nick, boolean self, @Nullable String reason) implements Event {

		public Left(String room, String nick, boolean self) {
			this(room, nick, self, null);
		}

		public String type() {
			return "left";
		}

	}

	/**
	 * A room's topic was set by {@code nick} ({@code text} empty: cleared). PROTOCOL.md
	 * §4.
	 */
	record Topic(String room, String nick, String text) implements Event {
		public String type() {
			return "topic";
		}
	}

	/**
	 * An operator ({@code by}) removed {@code nick} from a room, with a reason (the
	 * operator's nick when none was given); {@code self} is the copy the kicked user
	 * gets.
	 */
	record Kicked(String room, String nick, String by, String reason, boolean self) implements Event {
		public String type() {
			return "kicked";
		}
	}

	/**
	 * A room's modes changed: {@code modes} as IRC writes them ({@code +o}, {@code -t},
	 * {@code +it}) and {@code args} the nicks of each {@code o}, in order. {@code by} is
	 * the operator who changed them, or {@code null} when the server did (the last
	 * operator left and the longest-present member became one).
	 */
	record ModeChanged(String room, @Nullable String by, String modes, List<String> args) implements Event {
		public String type() {
			return "mode";
		}
	}

	/** The answer to {@code /mode #room}: its modes ({@code +nt}) and its operators. */
	record Modes(String room, String modes, List<String> operators) implements Event {
		public String type() {
			return "modes";
		}
	}

	/** {@code from} invited {@code nick}, the recipient, to a room. */
	record Invited(String room, String from, String nick) implements Event {
		public String type() {
			return "invite";
		}
	}

	record NickChanged(String from, String nick, boolean self) implements Event {
		public String type() {
			return "nick";
		}
	}

	record Quit(String nick, String reason) implements Event {
		public String type() {
			return "quit";
		}
	}

	/**
	 * A server line. {@code closing}: the last line before the server closes the
	 * connection (a drain); text and JSON users read it as any info line, IRC clients as
	 * {@code ERROR :Closing Link: …}.
	 */
	record Info(String text, boolean closing) implements Event {

		public Info(String text) {
			this(text, false);
		}

		public String type() {
			return "info";
		}
	}

	record Error(ErrorCode code, String text) implements Event {
		public String type() {
			return "error";
		}
	}

	/**
	 * One page of a list: {@code number} counts from 1, {@code pages} is at least 1, and
	 * {@code total} counts every item on every page.
	 */
	record Page(int number, int pages, int total) {

		/** The whole list on one page. */
		public static Page whole(int total) {
			return new Page(1, 1, total);
		}

		public boolean isOnlyPage() {
			return this.pages == 1 && this.number == 1;
		}

	}

	record RoomList(List<RoomCount> rooms, Page page) implements Event {

		public RoomList(List<RoomCount> rooms) {
			this(rooms, Page.whole(rooms.size()));
		}

		public String type() {
			return "rooms";
		}

	}

	record RoomCount(String room, int members) {
	}

	record Who(String room, List<String> nicks, Page page) implements Event {

		public Who(String room, List<String> nicks) {
			this(room, nicks, Page.whole(nicks.size()));
		}

		public String type() {
			return "who";
		}

	}

	/**
	 * Messages from other servers were lost between two times (epoch milliseconds): the
	 * link to the cluster's backplane failed, or one room's stream skipped ({@code room}
	 * set). Sent once per incident to the users concerned.
	 */
	record Gap(long since, long until, @Nullable String room) implements Event {
		public String type() {
			return "gap";
		}

		public String text() {
			return "Messages from other servers" + ((this.room != null) ? " in #" + this.room : "")
					+ " were lost between " + clock(this.since) + " and " + clock(this.until) + " UTC.";
		}

		private static String clock(long millis) {
			return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME
				.format(java.time.LocalTime.ofInstant(java.time.Instant.ofEpochMilli(millis), java.time.ZoneOffset.UTC)
					.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		}
	}

	record Pong(@Nullable String token) implements Event {
		public String type() {
			return "pong";
		}
	}

}
