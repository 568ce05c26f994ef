package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import dev.switchboard.session.Session;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a load balancer that sends the PROXY protocol
 * ({@code switchboard.tcp.trusted-proxies}): the client's address in the header is the
 * one limited per address and shown for the session; the balancer's own address is not.
 * Connections from anywhere else are read as they are. Here 127.0.0.1 is the balancer and
 * each connection carries one per-address slot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.trusted-proxies=127.0.0.1/32",
				"switchboard.tcp.max-connections-per-address=1", "switchboard.tcp.proxy-header-timeout=1s",
				"switchboard.input.lines-per-second=0" })
class ProxyProtocolIntegrationTests extends ServerFixture {

	@Test
	void clientsBehindTheBalancerAreLimitedAndShownByTheAddressItsHeaderGives() {
		try (LineClient ann = LineClient.login(viaBalancer(v1("203.0.113.7", 40000)), "ann");
				LineClient bob = LineClient.login(viaBalancer(v1("198.51.100.9", 40001)), "bob")) {
			assertThat(session("ann").remoteAddress()).isEqualTo("203.0.113.7:40000");
			assertThat(session("bob").remoteAddress()).isEqualTo("198.51.100.9:40001");
			ann.send("hello bob");
			bob.awaitLine("\\[#lobby\\] ann: hello bob");
			try (LineClient again = viaBalancer(v1("203.0.113.7", 40002))) {
				again.expectLine(
						"! Too many connections from your address \\(at most 1\\)\\. Close one and try again\\.");
				again.expectClosed();
			}
		}
	}

	@Test
	void aVersion2HeaderIsReadToo() throws Exception {
		try (LineClient cat = LineClient.login(viaBalancer(v2(InetAddress.getByName("192.0.2.5"), 5555)), "cat")) {
			assertThat(session("cat").remoteAddress()).isEqualTo("192.0.2.5:5555");
		}
	}

	@Test
	void aBalancerConnectionWithoutAHeaderIsClosedWithoutALine() {
		try (LineClient stray = LineClient.connect(this.port)) {
			stray.send("/nick mallory");
			stray.expectClosed();
		}
	}

	@Test
	void aConnectionFromAnywhereElseIsReadAsItIs() {
		try (LineClient dan = LineClient.login(LineClient.connectFrom("127.0.0.2", this.port), "dan")) {
			assertThat(session("dan").remoteAddress()).startsWith("127.0.0.2:");
		}
	}

	private LineClient viaBalancer(byte[] header) {
		return LineClient.connect(this.port).sendRaw(header);
	}

	private Session session(String nick) {
		return this.sessions.all().stream().filter((s) -> s.nick().equals(nick)).findFirst().orElseThrow();
	}

	private static byte[] v1(String client, int port) {
		return ("PROXY TCP4 " + client + " 127.0.0.1 " + port + " 9999\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] v2(InetAddress client, int port) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A });
		out.write(0x21); // version 2, PROXY
		out.write(0x11); // TCP over IPv4
		out.write(0);
		out.write(12);
		out.writeBytes(client.getAddress());
		out.writeBytes(new byte[] { 127, 0, 0, 1 });
		out.write(port >> 8);
		out.write(port & 0xFF);
		out.write(0x27);
		out.write(0x0F);
		return out.toByteArray();
	}

}
