package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a line strictly as UTF-8 and removes everything that could act on another
 * user's terminal. The JDK decoder rejects malformed bytes, overlong forms and encoded
 * surrogates; we never substitute U+FFFD silently. Sanitising removes ANSI escape
 * sequences (CSI, OSC and two-byte ESC forms), C0 controls except TAB, DEL, C1 controls,
 * a leading byte-order mark, the Unicode bidi controls (which can reorder the rest of a
 * line on someone else's screen, as in "Trojan Source") and the line and paragraph
 * separators (which some terminals and clients break lines at).
 */
public final class InboundText {

	private static final char ESC = 0x1B;

	private static final char BEL = 0x07;

	private static final char CSI_C1 = 0x9B;

	private InboundText() {
	}

	/**
	 * @param bytes one line, without terminator
	 * @return the sanitised text
	 * @throws ProtocolException with {@link ErrorCode#INVALID_UTF8} if the bytes are not
	 * UTF-8
	 */
	public static String decode(byte[] bytes) {
		return sanitize(strictUtf8(bytes));
	}

	static String strictUtf8(byte[] bytes) {
		if (isAscii(bytes)) {
			return new String(bytes, StandardCharsets.ISO_8859_1);
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try {
			CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
			return chars.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ProtocolException(ErrorCode.INVALID_UTF8,
					"That line is not valid UTF-8 and was not sent; set your terminal to UTF-8.");
		}
	}

	private static boolean isAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Removes what could act on another user's terminal: ANSI escape sequences, C0
	 * controls except TAB, DEL, C1 controls, a leading byte-order mark, the bidi controls
	 * U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F and U+061C, and the separators
	 * U+2028 and U+2029. For client lines (through {@link #decode(byte[])}) and for any
	 * other text shown to users, such as an operator's. PROTOCOL.md §1.
	 * @param text any text
	 * @return the text without those characters; the same instance if it had none
	 */
	public static String sanitize(String text) {
		if (isPlain(text)) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		int i = (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? 1 : 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == ESC || c == CSI_C1) {
				i = skipEscape(text, i);
			}
			else {
				if (!isRemoved(c)) {
					out.append(c);
				}
				i++;
			}
		}
		return out.toString();
	}

	private static boolean isPlain(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isRemoved(c) || c == '\uFEFF') {
				return false;
			}
		}
		return true;
	}

	private static boolean isRemoved(char c) {
		return isControl(c) || (c >= '\u061C' && isBidiControlOrSeparator(c));
	}

	private static boolean isControl(char c) {
		return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);
	}

	private static boolean isBidiControlOrSeparator(char c) {
		return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u2028' && c <= '\u202E')
				|| (c >= '\u2066' && c <= '\u2069');
	}

	/**
	 * @return the index just past the escape sequence starting at {@code start}
	 */
	private static int skipEscape(String text, int start) {
		int i = start + 1;
		boolean csi = text.charAt(start) == CSI_C1;
		if (!csi && i < text.length()) {
			char kind = text.charAt(i);
			if (kind == ']') {
				return skipOsc(text, i + 1);
			}
			if (kind != '[') {
				return (kind >= 0x20 && kind <= 0x7E) ? i + 1 : i;
			}
			csi = true;
			i++;
		}
		while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3F) {
			i++;
		}
		if (i < text.length() && text.charAt(i) >= 0x40 && text.charAt(i) <= 0x7E) {
			i++;
		}
		return i;
	}

	private static int skipOsc(String text, int start) {
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == BEL) {
				return i + 1;
			}
			if (c == ESC && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
				return i + 2;
			}
		}
		return text.length();
	}

}
