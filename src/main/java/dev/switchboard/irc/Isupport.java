package dev.switchboard.irc;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.routing.ChatProperties;

/**
 * The ISUPPORT (005) tokens, honest about what exists: ASCII case mapping (names are
 * ASCII and compared ignoring case), {@code #} channels only, one prefix ({@code @}, room
 * operators), the four flag modes rooms have ({@code i n s t},
 * {@link dev.switchboard.routing.RoomModes}; no list modes: there are no bans), and the
 * name lengths of Switchboard's own rules. docs/IRC.md "ISUPPORT".
 */
final class Isupport {

	/** modern.ircdocs.horse: at most 13 tokens per 005 line. */
	private static final int PER_LINE = 13;

	static final int TOPICLEN = 390;

	static final int AWAYLEN = 200;

	private Isupport() {
	}

	static List<String> tokens(ChatProperties chat, String network) {
		return List.of("AWAYLEN=" + AWAYLEN, "CASEMAPPING=ascii", "CHANLIMIT=#:" + chat.maxRoomsPerSession(),
				"CHANMODES=,,,imnst", "CHANNELLEN=" + (chat.maxRoomLength() + 1), "CHANTYPES=#", "NETWORK=" + network,
				"NICKLEN=" + chat.maxNickLength(), "PREFIX=(ov)@+", "SAFELIST",
				"TARGMAX=PRIVMSG:1,NOTICE:1,JOIN:,PART:,KICK:", "TOPICLEN=" + TOPICLEN, "UTF8ONLY");
	}

	/** The tokens cut into lines of at most {@link #PER_LINE}. */
	static List<List<String>> lines(List<String> tokens) {
		List<List<String>> lines = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i += PER_LINE) {
			lines.add(tokens.subList(i, Math.min(tokens.size(), i + PER_LINE)));
		}
		return lines;
	}

}
