package dev.switchboard.admin;

import java.nio.charset.StandardCharsets;

import dev.switchboard.protocol.InboundText;
import org.jspecify.annotations.Nullable;

/**
 * Text an operator sends to users (an announce, a kick reason) gets the same sanitising
 * as a user's line, so a CR, LF or escape sequence in an operator call, or in a stolen
 * one, cannot forge a line that looks like someone else's or act on a terminal. It is
 * also bounded: an announce by {@code switchboard.admin.max-announce-bytes}, a reason by
 * {@value #MAX_REASON_CODE_POINTS} code points.
 */
final class OperatorText {

	static final int MAX_REASON_CODE_POINTS = 200;

	private static final String REMOVED = " once control characters and escape sequences are removed";

	private final long maxAnnounceBytes;

	OperatorText(AdminProperties properties) {
		this.maxAnnounceBytes = properties.maxAnnounceBytes().toBytes();
	}

	/**
	 * @return the text as users will see it
	 * @throws OperatorMistake if it is blank once sanitised or over the limit
	 */
	String announcement(String text) {
		String clean = sanitize(text);
		if (clean.isBlank()) {
			throw OperatorMistake.badRequest("The text is blank" + REMOVED + ".");
		}
		int bytes = clean.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > this.maxAnnounceBytes) {
			throw OperatorMistake.badRequest("The text is " + bytes + " bytes in UTF-8; the limit is "
					+ this.maxAnnounceBytes + " (switchboard.admin.max-announce-bytes).");
		}
		return clean;
	}

	/**
	 * @return the reason as users will see it, cut to {@value #MAX_REASON_CODE_POINTS}
	 * code points
	 * @throws OperatorMistake if it was given but is blank once sanitised
	 */
	String reason(@Nullable String reason) {
		if (reason == null) {
			return "no reason given";
		}
		String clean = sanitize(reason);
		if (clean.isBlank()) {
			throw OperatorMistake.badRequest("The reason is blank" + REMOVED + "; leave it out to give none.");
		}
		return clip(clean, MAX_REASON_CODE_POINTS);
	}

	/**
	 * Through UTF-8 bytes because that is the path a user's line takes; a lone surrogate
	 * (JSON allows one) becomes {@code ?} on the way, which {@code getBytes} does.
	 */
	static String sanitize(String text) {
		return InboundText.decode(text.getBytes(StandardCharsets.UTF_8));
	}

	static String clip(String text, int codePoints) {
		if (text.codePointCount(0, text.length()) <= codePoints) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, codePoints));
	}

}
