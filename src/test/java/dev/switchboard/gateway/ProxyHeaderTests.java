package dev.switchboard.gateway;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The PROXY protocol header, read without consuming the client's first byte. */
class ProxyHeaderTests {

	@Test
	void aVersion1LineGivesTheSourceAndLeavesWhatFollows() throws IOException {
		ByteArrayInputStream in = bytes("PROXY TCP4 203.0.113.7 10.0.0.1 40000 9999\r\nhello\n");
		assertThat(ProxyHeader.read(in)).isEqualTo(new InetSocketAddress("203.0.113.7", 40000));
		assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
	}

	@Test
	void ipv6AndUnknownAreUnderstood() throws IOException {
		assertThat(ProxyHeader.read(bytes("PROXY TCP6 2001:db8::1 2001:db8::2 1234 9999\r\n")))
			.isEqualTo(new InetSocketAddress("2001:db8::1", 1234));
		assertThat(ProxyHeader.read(bytes("PROXY UNKNOWN\r\n"))).isNull();
	}

	@Test
	void aVersion2LocalCommandHasNoClient() throws IOException {
		byte[] local = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00,
				'x' };
		ByteArrayInputStream in = new ByteArrayInputStream(local);
		assertThat(ProxyHeader.read(in)).isNull();
		assertThat(in.read()).isEqualTo('x');
	}

	@Test
	void anythingElseIsMalformed() {
		for (String bad : new String[] { "/nick mallory\r\n", "PROXY TCP4 203.0.113.7 10.0.0.1 40000\r\n",
				"PROXY TCP4 2001:db8::1 10.0.0.1 1 2\r\n", "PROXY TCP4 203.0.113.7 10.0.0.1 99999 1\r\n",
				"PROXY TCP4 host.example 10.0.0.1 1 2\r\n", "PROXY TCP4 203.0.113.7 10.0.0.1 1 2\n",
				"PROXY " + "x".repeat(120) + "\r\n" }) {
			assertThatExceptionOfType(ProxyHeader.MalformedHeader.class).as(bad)
				.isThrownBy(() -> ProxyHeader.read(bytes(bad)));
		}
	}

	@Test
	void aHeaderCutShortIsAnEndOfStream() {
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> ProxyHeader.read(bytes("PROXY TCP4 203.0")));
	}

	private static ByteArrayInputStream bytes(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

}
