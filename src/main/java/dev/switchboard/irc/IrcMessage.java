package dev.switchboard.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.switchboard.protocol.InboundText;
import org.jspecify.annotations.Nullable;

/**
 * One IRC message from a client (RFC 1459 §2.3.1, IRCv3 message-tags): optional
 * {@code @tags}, an optional {@code :source} (ignored: the server knows who sent it), a
 * verb (upper-cased), and up to 15 parameters, the last of which may follow {@code :} and
 * contain spaces.
 *
 * @param tags the raw tag section without {@code @}, or {@code null}
 * @param verb the command or numeric, upper case
 * @param params the parameters, the trailing one included
 */
record IrcMessage(@Nullable String tags, String verb, List<String> params) {

	/** RFC 1459 §2.3: at most 15 parameters. */
	static final int MAX_PARAMS = 15;

	/**
	 * @return the message, or {@code null} for an empty line (which IRC ignores)
	 */
	static @Nullable IrcMessage parse(String line) {
		int at = 0;
		String tags = null;
		if (line.startsWith("@")) {
			int space = line.indexOf(' ');
			if (space < 0) {
				return null;
			}
			tags = line.substring(1, space);
			at = space + 1;
		}
		at = skipSpaces(line, at);
		if (at < line.length() && line.charAt(at) == ':') {
			int space = line.indexOf(' ', at);
			if (space < 0) {
				return null;
			}
			at = skipSpaces(line, space);
		}
		List<String> words = new ArrayList<>();
		while (at < line.length()) {
			if (line.charAt(at) == ':' && !words.isEmpty()) {
				words.add(line.substring(at + 1));
				break;
			}
			if (words.size() == MAX_PARAMS) {
				words.add(line.substring(at));
				break;
			}
			int space = line.indexOf(' ', at);
			words.add(line.substring(at, (space < 0) ? line.length() : space));
			at = (space < 0) ? line.length() : skipSpaces(line, space);
		}
		if (words.isEmpty()) {
			return null;
		}
		return new IrcMessage(tags, words.getFirst().toUpperCase(Locale.ROOT),
				List.copyOf(words.subList(1, words.size())));
	}

	private static int skipSpaces(String line, int at) {
		while (at < line.length() && line.charAt(at) == ' ') {
			at++;
		}
		return at;
	}

	String param(int index) {
		return this.params.get(index);
	}

	@Nullable String paramOrNull(int index) {
		return (index < this.params.size()) ? this.params.get(index) : null;
	}

	/**
	 * A parameter that other users will read (a topic, a reason, an away message, a real
	 * name), sanitised as a text user's line is: no control characters or escape
	 * sequences to drive someone else's terminal.
	 */
	String text(int index) {
		return InboundText.sanitize(param(index));
	}

	/** {@link #text(int)}, or {@code null} when the parameter is not there. */
	@Nullable String textOrNull(int index) {
		return (index < this.params.size()) ? text(index) : null;
	}

}
