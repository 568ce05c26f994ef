package dev.switchboard.protocol;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Nick and room name rules. A nick is a letter followed by letters, digits, {@code _} or
 * {@code -}, at most {@code maxNickLength} in all, unique ignoring case, and not
 * reserved, nor of the form the server gives guests ({@code guest-7}, in a cluster
 * {@code guest-k3f9-7}). A room is letters, digits, {@code _}, {@code -} and {@code .},
 * at most {@code maxRoomLength}; a leading {@code #} is optional on input. Names are
 * compared by {@link #key(String)}.
 */
public final class NameRules {

	private static final int MAX_QUOTED = 40;

	/**
	 * The nicks servers give guests: one node's {@code guest-N}, a cluster node's
	 * {@code guest-TAG-N}. Nobody may choose one: a cluster node hands out its own guest
	 * nicks without asking Redis, so one chosen on another node would be held twice.
	 */
	private static final Pattern GUEST = Pattern.compile("guest-(?:[a-z0-9]{4}-)?[0-9]+");

	private final Pattern nick;

	private final Pattern room;

	private final Set<String> reserved;

	private final int maxNickLength;

	private final int maxRoomLength;

	public NameRules(int maxNickLength, int maxRoomLength, Set<String> reservedNicks) {
		this.maxNickLength = maxNickLength;
		this.maxRoomLength = maxRoomLength;
		this.nick = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0," + (maxNickLength - 1) + "}");
		this.room = Pattern.compile("[A-Za-z0-9_.-]{1," + maxRoomLength + "}");
		this.reserved = reservedNicks.stream().map(NameRules::key).collect(Collectors.toUnmodifiableSet());
	}

	/** The case-insensitive identity of a nick or room name. */
	public static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	/**
	 * @return the nick, if valid and not reserved
	 */
	public String nick(String candidate) {
		if (!this.nick.matcher(candidate).matches()) {
			throw new ProtocolException(ErrorCode.INVALID_NICK, "Invalid nick '" + clip(candidate)
					+ "': use a letter, then letters, digits, _ or -, at most " + this.maxNickLength + " in all.");
		}
		if (this.reserved.contains(key(candidate))) {
			throw new ProtocolException(ErrorCode.RESERVED_NICK,
					"The nick '" + candidate + "' is reserved; pick another.");
		}
		if (GUEST.matcher(key(candidate)).matches()) {
			throw new ProtocolException(ErrorCode.RESERVED_NICK,
					"The nick '" + candidate + "' has the form the server gives guests; pick another.");
		}
		return candidate;
	}

	/**
	 * @return the room name without its optional leading {@code #}, if valid
	 */
	public String room(String candidate) {
		String name = candidate.startsWith("#") ? candidate.substring(1) : candidate;
		if (!this.room.matcher(name).matches()) {
			throw new ProtocolException(ErrorCode.INVALID_ROOM, "Invalid room '" + clip(candidate)
					+ "': use letters, digits, _, - or ., at most " + this.maxRoomLength + " in all.");
		}
		return name;
	}

	private static String clip(String text) {
		String clipped = Unicode.clip(text, MAX_QUOTED);
		return (clipped.length() < text.length()) ? clipped + "..." : text;
	}

}
