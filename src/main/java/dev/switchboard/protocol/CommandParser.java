package dev.switchboard.protocol;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Parses one decoded, sanitised line into a {@link Command}. A line not starting with
 * {@code /} is said; {@code //text} says the literal {@code /text}. Verbs are
 * case-insensitive. Arity is checked here; names (nick, room syntax) are checked by
 * {@link NameRules} where the rules are configured. Blank lines parse to {@code null}.
 */
public final class CommandParser {

	private CommandParser() {
	}

	public static @Nullable Command parse(String line) {
		if (line.isBlank()) {
			return null;
		}
		if (!line.startsWith("/")) {
			return new Command.Say(line);
		}
		if (line.startsWith("//")) {
			return new Command.Say(line.substring(1));
		}
		int space = line.indexOf(' ');
		String verb = ((space < 0) ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
		String args = (space < 0) ? "" : line.substring(space + 1).strip();
		return switch (verb) {
			case "help" -> new Command.Help();
			case "nick" -> new Command.Nick(oneWord(args, "/nick NAME"));
			case "join" -> new Command.Join(oneWord(args, "/join ROOM"));
			case "leave", "part" -> new Command.Leave(optionalWord(args, "/leave [ROOM]"));
			case "rooms", "list" -> new Command.Rooms(args.isEmpty() ? 1 : page(args, "/rooms [PAGE]"));
			case "who" -> who(args);
			case "msg" -> msg(args);
			case "me" -> new Command.Me(required(args, "/me TEXT"));
			case "topic" -> topic(args);
			case "kick" -> kick(args);
			case "mode" -> mode(args);
			case "op", "deop" -> op(args, verb);
			case "invite" -> invite(args);
			case "ping" -> new Command.Ping(args.isEmpty() ? null : args);
			case "format" -> new Command.Format(format(args));
			case "quit" -> new Command.Quit(args.isEmpty() ? null : args);
			case "whois" -> new Command.Whois(oneWord(args, "/whois NICK"));
			case "register" -> new Command.Register(oneWord(args, "/register PASSWORD"));
			case "login", "identify" -> login(args, "/" + verb + " NICK PASSWORD");
			case "logout" -> logout(args);
			case "password" -> password(args);
			case "unregister" -> new Command.Unregister(oneWord(args, "/unregister PASSWORD"));
			default -> throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND, "Unknown command /" + verb
					+ ". Type /help for the list; start a line with // to say something beginning with /.");
		};
	}

	private static Command msg(String args) {
		int space = args.indexOf(' ');
		if (space < 0 || args.substring(space + 1).isBlank()) {
			throw usage("/msg NICK TEXT");
		}
		return new Command.Msg(args.substring(0, space), args.substring(space + 1).strip());
	}

	// Passwords are one word each, and a usage error never repeats what was typed.
	private static Command login(String args, String usage) {
		String[] words = words(args);
		if (words.length != 2) {
			throw usage(usage);
		}
		return new Command.Login(words[0], words[1]);
	}

	private static Command password(String args) {
		String[] words = words(args);
		if (words.length != 2) {
			throw usage("/password OLD NEW");
		}
		return new Command.Password(words[0], words[1]);
	}

	private static Command logout(String args) {
		if (!args.isEmpty()) {
			throw usage("/logout");
		}
		return new Command.Logout();
	}

	private static String[] words(String args) {
		return args.isEmpty() ? new String[0] : args.split("[ \t]+");
	}

	// Only a word starting with # names a room, so "/topic dev" sets the topic "dev".
	private static Command topic(String args) {
		if (!args.startsWith("#")) {
			return new Command.Topic(null, args.isEmpty() ? null : args);
		}
		int space = args.indexOf(' ');
		String text = (space < 0) ? "" : args.substring(space + 1).strip();
		return new Command.Topic((space < 0) ? args : args.substring(0, space), text.isEmpty() ? null : text);
	}

	// A room is named by a first word starting with #, else it is the current room.
	private static Command kick(String args) {
		String[] words = args.isEmpty() ? new String[0] : args.split("[ \t]+", 3);
		int at = (words.length > 0 && words[0].startsWith("#")) ? 1 : 0;
		if (words.length <= at) {
			throw usage("/kick [#ROOM] NICK [REASON]");
		}
		String reason = (words.length > at + 1) ? String.join(" ", List.of(words).subList(at + 1, words.length)).strip()
				: null;
		return new Command.Kick((at == 1) ? words[0] : null, words[at], reason);
	}

	private static Command mode(String args) {
		List<String> words = List.of(words(args));
		int at = (!words.isEmpty() && words.get(0).startsWith("#")) ? 1 : 0;
		if (words.size() > at && !words.get(at).matches("[+-][+\\-a-zA-Z]*")) {
			throw usage("/mode [#ROOM] [+t|-t|+i|-i|+s|-s|+m|-m|+n|-n|+o NICK|-o NICK|+v NICK|-v NICK]");
		}
		return new Command.Mode((at == 1) ? words.get(0) : null, (words.size() > at) ? words.get(at) : null,
				words.subList(Math.min(words.size(), at + 1), words.size()));
	}

	private static Command op(String args, String verb) {
		String[] words = words(args);
		int at = (words.length > 0 && words[0].startsWith("#")) ? 1 : 0;
		if (words.length != at + 1) {
			throw usage("/" + verb + " [#ROOM] NICK");
		}
		return new Command.Mode((at == 1) ? words[0] : null, verb.equals("op") ? "+o" : "-o", List.of(words[at]));
	}

	private static Command invite(String args) {
		String[] words = words(args);
		if (words.length < 1 || words.length > 2 || words[0].startsWith("#")) {
			throw usage("/invite NICK [#ROOM]");
		}
		return new Command.Invite(words[0], (words.length > 1) ? words[1] : null);
	}

	private static Command who(String args) {
		String usage = "/who [ROOM [PAGE]]";
		String[] words = words(args);
		return switch (words.length) {
			case 0 -> new Command.Who(null);
			case 1 -> new Command.Who(words[0]);
			case 2 -> new Command.Who(words[0], page(words[1], usage));
			default -> throw usage(usage);
		};
	}

	private static int page(String word, String usage) {
		if (!word.matches("[1-9][0-9]{0,8}")) {
			throw usage(usage);
		}
		return Integer.parseInt(word);
	}

	private static OutputFormat format(String args) {
		return switch (args.toLowerCase(Locale.ROOT)) {
			case "text" -> OutputFormat.TEXT;
			case "json" -> OutputFormat.JSON;
			default -> throw usage("/format text|json");
		};
	}

	private static String required(String args, String usage) {
		if (args.isEmpty()) {
			throw usage(usage);
		}
		return args;
	}

	private static String oneWord(String args, String usage) {
		if (args.isEmpty() || containsSpace(args)) {
			throw usage(usage);
		}
		return args;
	}

	private static @Nullable String optionalWord(String args, String usage) {
		if (containsSpace(args)) {
			throw usage(usage);
		}
		return args.isEmpty() ? null : args;
	}

	private static boolean containsSpace(String args) {
		return args.indexOf(' ') >= 0 || args.indexOf('\t') >= 0;
	}

	private static ProtocolException usage(String usage) {
		return new ProtocolException(ErrorCode.USAGE, "Usage: " + usage);
	}

}
