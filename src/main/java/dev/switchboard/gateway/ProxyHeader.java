package dev.switchboard.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol header a load balancer sends before the client's bytes (HAProxy's
 * {@code send-proxy} and {@code send-proxy-v2}; haproxy.org "proxy-protocol.txt"), read
 * byte by byte so that nothing after it is consumed. Version 1 is a text line of at most
 * 107 bytes; version 2 a 16-byte binary header and its addresses.
 */
final class ProxyHeader {

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private static final int V1_MAX = 107;

	/** The most bytes of addresses and TLVs accepted after a version 2 header. */
	private static final int V2_MAX_PAYLOAD = 1024;

	private ProxyHeader() {
	}

	/**
	 * @return the client's address and port, or {@code null} when the proxy says it has
	 * none to give (v1 {@code UNKNOWN}, a v2 {@code LOCAL} command such as a health
	 * check, or a family other than TCP over IPv4 or IPv6): the connection is then the
	 * proxy's own
	 * @throws MalformedHeader if the bytes are not a PROXY header
	 * @throws IOException if the socket fails or times out first
	 */
	static @Nullable InetSocketAddress read(InputStream in) throws IOException {
		int first = next(in);
		if (first == 'P') {
			return v1(in);
		}
		if (first == V2_SIGNATURE[0]) {
			return v2(in);
		}
		throw new MalformedHeader("no PROXY header");
	}

	private static @Nullable InetSocketAddress v1(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder("P");
		while (true) {
			int b = next(in);
			if (b == '\n') {
				break;
			}
			line.append((char) b);
			if (line.length() > V1_MAX) {
				throw new MalformedHeader("PROXY v1 line longer than " + V1_MAX + " bytes");
			}
		}
		String text = line.toString();
		if (!text.endsWith("\r")) {
			throw new MalformedHeader("PROXY v1 line not ended by CRLF");
		}
		String[] words = text.substring(0, text.length() - 1).split(" ");
		if (!words[0].equals("PROXY") || words.length < 2) {
			throw new MalformedHeader("not a PROXY v1 line");
		}
		if (words[1].equals("UNKNOWN")) {
			return null;
		}
		if (words.length != 6 || !(words[1].equals("TCP4") || words[1].equals("TCP6"))) {
			throw new MalformedHeader("PROXY v1 line with " + words.length + " fields or protocol " + words[1]);
		}
		InetAddress source = literal(words[2], words[1].equals("TCP4") ? 4 : 16);
		literal(words[3], words[1].equals("TCP4") ? 4 : 16);
		return new InetSocketAddress(source, port(words[4]));
	}

	private static InetAddress literal(String text, int length) throws MalformedHeader {
		try {
			InetAddress address = InetAddress.ofLiteral(text);
			if (address.getAddress().length != length) {
				throw new MalformedHeader("PROXY v1 address " + text + " is not of its protocol");
			}
			return address;
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedHeader("PROXY v1 address " + text + " is not an IP address");
		}
	}

	private static int port(String text) throws MalformedHeader {
		try {
			int port = Integer.parseInt(text);
			if (port < 0 || port > 65535 || (text.length() > 1 && text.startsWith("0"))) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new MalformedHeader("PROXY v1 port " + text + " is not a port");
		}
	}

	private static @Nullable InetSocketAddress v2(InputStream in) throws IOException {
		byte[] head = new byte[16];
		head[0] = V2_SIGNATURE[0];
		readFully(in, head, 1, 15);
		if (!Arrays.equals(head, 0, 12, V2_SIGNATURE, 0, 12)) {
			throw new MalformedHeader("no PROXY v2 signature");
		}
		int versionCommand = head[12] & 0xFF;
		if ((versionCommand >> 4) != 2 || (versionCommand & 0x0F) > 1) {
			throw new MalformedHeader("PROXY v2 version/command " + Integer.toHexString(versionCommand));
		}
		int family = head[13] & 0xFF;
		int length = ((head[14] & 0xFF) << 8) | (head[15] & 0xFF);
		if (length > V2_MAX_PAYLOAD) {
			throw new MalformedHeader("PROXY v2 payload of " + length + " bytes");
		}
		byte[] payload = new byte[length];
		readFully(in, payload, 0, length);
		boolean local = (versionCommand & 0x0F) == 0;
		if (local) {
			return null;
		}
		return switch (family) {
			case 0x11 -> address(payload, 4, length);
			case 0x21 -> address(payload, 16, length);
			default -> null;
		};
	}

	// Source address, destination address, source port, destination port.
	private static InetSocketAddress address(byte[] payload, int size, int length) throws IOException {
		if (length < 2 * size + 4) {
			throw new MalformedHeader("PROXY v2 addresses cut short");
		}
		InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(payload, 0, size));
		int port = ((payload[2 * size] & 0xFF) << 8) | (payload[2 * size + 1] & 0xFF);
		return new InetSocketAddress(source, port);
	}

	private static void readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
		int done = 0;
		while (done < length) {
			int n = in.read(into, offset + done, length - done);
			if (n < 0) {
				throw new EOFException("closed inside the PROXY header");
			}
			done += n;
		}
	}

	private static int next(InputStream in) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new EOFException("closed inside the PROXY header");
		}
		return b;
	}

	/** The bytes are not a PROXY protocol header. */
	static final class MalformedHeader extends IOException {

		MalformedHeader(String message) {
			super(message);
		}

	}

}
