package dev.switchboard.protocol;

/**
 * Cutting and repairing text by code point. A Java string is UTF-16, so cutting it by
 * {@code char} can leave half of a surrogate pair (half an emoji), which Jackson then
 * writes as a lone <code>&#92;uD83D</code> escape that strict JSON parsers reject, and
 * {@code String.getBytes} as {@code ?}. Code that cuts text to a limit uses
 * {@link #clip(String, int)}; the encoders pass what they write through
 * {@link #wellFormed(String)}, so no lone surrogate ever reaches a client.
 */
public final class Unicode {

	private static final char REPLACEMENT = '\uFFFD';

	private Unicode() {
	}

	/**
	 * Cuts text to at most {@code maxCodePoints} code points, never inside a surrogate
	 * pair. A lone surrogate already in the text counts as one code point.
	 * @param text any text
	 * @param maxCodePoints how many code points to keep, zero or more
	 * @return the text itself if it fits, otherwise its first {@code maxCodePoints} code
	 * points
	 */
	public static String clip(String text, int maxCodePoints) {
		if (maxCodePoints < 0) {
			throw new IllegalArgumentException("maxCodePoints must not be negative: " + maxCodePoints);
		}
		if (text.length() <= maxCodePoints) {
			return text;
		}
		int end = 0;
		for (int kept = 0; kept < maxCodePoints && end < text.length(); kept++) {
			end += Character.charCount(text.codePointAt(end));
		}
		return (end < text.length()) ? text.substring(0, end) : text;
	}

	/**
	 * Replaces every lone surrogate with U+FFFD, so the text encodes to valid UTF-8 and
	 * strict JSON. Costs one pass over text that has none.
	 * @param text any text
	 * @return the same instance if every surrogate in it is paired, otherwise a repaired
	 * copy
	 */
	public static String wellFormed(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					return repair(text, i);
				}
			}
		}
		return text;
	}

	private static String repair(String text, int firstLone) {
		StringBuilder out = new StringBuilder(text.length()).append(text, 0, firstLone);
		int i = firstLone;
		while (i < text.length()) {
			int codePoint = text.codePointAt(i);
			i += Character.charCount(codePoint);
			if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
				out.append(REPLACEMENT);
			}
			else {
				out.appendCodePoint(codePoint);
			}
		}
		return out.toString();
	}

}
