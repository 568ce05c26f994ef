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

	record Rooms() implements Command {
	}

	record Who(@Nullable String room) implements Command {
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
