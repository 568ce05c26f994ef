package dev.switchboard.protocol;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One parsed client line. The verbs are the wire verbs; PROTOCOL.md §3 lists them. */
public sealed interface Command {

	/** A plain line: said in the current room. */
	record Say(String text) implements Command {
	}

	record Help() implements Command {
	}

	record Nick(String name) implements Command {
	}

	record Join(String room) implements Command {
	}

	record Leave(@Nullable String room) implements Command {
	}

	/** {@code /rooms [PAGE]}: pages count from 1. */
	record Rooms(int page) implements Command {

		public Rooms() {
			this(1);
		}

	}

	/** {@code /who [ROOM [PAGE]]}: pages count from 1. */
	record Who(@Nullable String room, int page) implements Command {

		public Who(@Nullable String room) {
			this(room, 1);
		}

	}

	record Msg(String nick, String text) implements Command {
	}

	record Me(String text) implements Command {
	}

	/**
	 * {@code /topic [#ROOM] [TEXT]}: shows ({@code text} null) or sets a room's topic;
	 * {@code room} null is the current room.
	 */
	record Topic(@Nullable String room, @Nullable String text) implements Command {
	}

	/**
	 * {@code /kick [#ROOM] NICK [REASON]}: an operator removes a member from a room
	 * ({@code room} null: the current room).
	 */
	record Kick(@Nullable String room, String nick, @Nullable String reason) implements Command {
	}

	/**
	 * {@code /mode [#ROOM] [CHANGES [NICK...]]} (and {@code /op}, {@code /deop}): shows
	 * ({@code changes} null) or changes a room's modes; {@code room} null is the current
	 * room.
	 */
	record Mode(@Nullable String room, @Nullable String changes, List<String> nicks) implements Command {
	}

	/**
	 * {@code /invite NICK [#ROOM]}: lets NICK join the room once, even if invite-only.
	 */
	record Invite(String nick, @Nullable String room) implements Command {
	}

	record Ping(@Nullable String token) implements Command {
	}

	record Format(OutputFormat format) implements Command {
	}

	record Quit(@Nullable String reason) implements Command {
	}

	/**
	 * {@code /whois NICK}: whether a nick is online, registered, and logged in to its
	 * account.
	 */
	record Whois(String nick) implements Command {
	}

	/**
	 * The commands about accounts (docs/PROTOCOL.md "Accounts"). Those that carry a
	 * password never show it in {@code toString()}: a command in a log or an exception
	 * message must not leak one.
	 */
	sealed interface AccountCommand extends Command {

	}

	/** {@code /register PASSWORD}: registers the current nick. */
	record Register(String password) implements AccountCommand {

		@Override
		public String toString() {
			return "Register[password=<hidden>]";
		}

	}

	/**
	 * {@code /login NICK PASSWORD} (or {@code /identify}): logs in and takes the nick.
	 */
	record Login(String nick, String password) implements AccountCommand {

		@Override
		public String toString() {
			return "Login[nick=" + this.nick + ", password=<hidden>]";
		}

	}

	record Logout() implements AccountCommand {
	}

	/** {@code /password OLD NEW}. */
	record Password(String oldPassword, String newPassword) implements AccountCommand {

		@Override
		public String toString() {
			return "Password[oldPassword=<hidden>, newPassword=<hidden>]";
		}

	}

	/** {@code /unregister PASSWORD}: deletes the account of the nick logged in to. */
	record Unregister(String password) implements AccountCommand {

		@Override
		public String toString() {
			return "Unregister[password=<hidden>]";
		}

	}

}
