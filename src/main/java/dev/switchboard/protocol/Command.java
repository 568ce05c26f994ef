package dev.switchboard.protocol;

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

	record Ping(@Nullable String token) implements Command {
	}

	record Format(OutputFormat format) implements Command {
	}

	record Quit(@Nullable String reason) implements Command {
	}

}
