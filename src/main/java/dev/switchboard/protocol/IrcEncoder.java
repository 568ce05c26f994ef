package dev.switchboard.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Renders an event as IRC messages for IRC clients (RFC 2812 §2.3, modern.ircdocs.horse):
 * chat as {@code PRIVMSG}/{@code NOTICE} (a {@code /me} as a CTCP ACTION), presence as
 * {@code JOIN}/{@code PART}/{@code NICK}/{@code QUIT}/{@code TOPIC} from the user's
 * {@link #source(String) nick!user@host}, and everything for people (information, errors,
 * lists) as server {@code NOTICE}s. A message never exceeds {@link #MAX_LINE} bytes
 * without its tags: longer text is cut into several messages at code-point boundaries.
 * With a timestamp, each message carries an IRCv3 {@code @time=} tag
 * ({@code server-time}). Numerics, which go to one client only, are the irc package's.
 */
public final class IrcEncoder {

	/** The longest IRC message, CRLF included, without tags (RFC 1459 §2.3). */
	public static final int MAX_LINE = 512;

	/**
	 * The host part of every user's source: Switchboard does not show addresses, and
	 * text, JSON and IRC users are named alike. docs/IRC.md "Names".
	 */
	public static final String HOST = "switchboard";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private IrcEncoder() {
	}

	/** Every user's {@code nick!user@host}: the user part is the nick. */
	public static String source(String nick) {
		return nick + "!" + nick + "@" + HOST;
	}

	static byte[] encode(Event event, @Nullable Long timestamp) {
		String tags = (timestamp != null) ? "@time=" + time(timestamp) + " " : "";
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		switch (event) {
			case Event.Message e -> chat(out, tags, e.from(), e.notice(), "#" + e.room(), e.text(), e.action());
			case Event.Dm e ->
				chat(out, tags, e.from(), e.notice(), (e.to() != null) ? e.to() : "*", e.text(), e.action());
			case Event.Joined e -> line(out, tags, ":" + source(e.nick()) + " JOIN #" + e.room());
			case Event.Left e -> line(out, tags,
					":" + source(e.nick()) + " PART #" + e.room() + ((e.reason() != null) ? " :" + e.reason() : ""));
			case Event.NickChanged e -> line(out, tags, ":" + source(e.from()) + " NICK :" + e.nick());
			case Event.Quit e -> line(out, tags, ":" + source(e.nick()) + " QUIT :" + e.reason());
			case Event.Topic e -> line(out, tags, ":" + source(e.nick()) + " TOPIC #" + e.room() + " :" + e.text());
			case Event.Info e when e.closing() -> line(out, tags, "ERROR :Closing Link: " + e.text());
			case Event.Error e when e.code() == ErrorCode.KICKED -> line(out, tags, "ERROR :Closing Link: " + e.text());
			case Event.Kicked e ->
				line(out, tags, ":" + source(e.by()) + " KICK #" + e.room() + " " + e.nick() + " :" + e.reason());
			case Event.ModeChanged e -> line(out, tags, ":" + ((e.by() != null) ? source(e.by()) : HOST) + " MODE #"
					+ e.room() + " " + e.modes() + (e.args().isEmpty() ? "" : " " + String.join(" ", e.args())));
			case Event.Invited e -> line(out, tags, ":" + source(e.from()) + " INVITE " + e.nick() + " #" + e.room());
			default -> serverNotices(out, tags, event);
		}
		return out.toByteArray();
	}

	private static void serverNotices(ByteArrayOutputStream out, String tags, Event event) {
		String text = new String(TextEncoder.encode(event), StandardCharsets.UTF_8);
		for (String line : text.split("\r\n")) {
			chat(out, tags, null, true, "*", line, false);
		}
	}

	private static void chat(ByteArrayOutputStream out, String tags, @Nullable String from, boolean notice,
			String target, String text, boolean action) {
		String head = ((from != null) ? ":" + source(from) + " " : "") + (notice ? "NOTICE " : "PRIVMSG ") + target
				+ " :" + (action ? "\u0001ACTION " : "");
		String tail = action ? "\u0001" : "";
		int budget = MAX_LINE - 2 - utf8Length(head) - utf8Length(tail);
		String rest = text.isEmpty() ? " " : text;
		while (!rest.isEmpty()) {
			int cut = fit(rest, budget);
			line(out, tags, head + rest.substring(0, cut) + tail);
			rest = rest.substring(cut);
		}
	}

	/**
	 * How many chars of {@code text} fit in {@code budget} UTF-8 bytes, whole code
	 * points.
	 */
	public static int fit(String text, int budget) {
		int bytes = 0;
		int i = 0;
		while (i < text.length()) {
			int cp = text.codePointAt(i);
			int size = (cp < 0x80) ? 1 : (cp < 0x800) ? 2 : (cp < 0x10000) ? 3 : 4;
			if (bytes + size > budget) {
				break;
			}
			bytes += size;
			i += Character.charCount(cp);
		}
		return (i > 0 || text.isEmpty()) ? i : Character.charCount(text.codePointAt(0));
	}

	private static int utf8Length(String text) {
		return Unicode.wellFormed(text).getBytes(StandardCharsets.UTF_8).length;
	}

	private static void line(ByteArrayOutputStream out, String tags, String line) {
		out.writeBytes((tags + Unicode.wellFormed(line) + "\r\n").getBytes(StandardCharsets.UTF_8));
	}

	private static String time(long millis) {
		return TIME.format(Instant.ofEpochMilli(millis));
	}

}
