package dev.switchboard.gateway;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.switchboard.session.Session;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, part 1: the TLS listener beside the plain one, with JDK TLS clients. The same
 * chat, limits, close reasons and meters on both ports; plain text, silence and a
 * trickled handshake on the TLS port are bad input with a named outcome. The limits are
 * small so they can be reached: 4 connections per address, 256 KB pending.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=100ms",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0",
				"switchboard.tcp.max-connections-per-address=4", "switchboard.outbound.max-pending=256KB",
				"switchboard.outbound.close-grace=500ms", "switchboard.tls.handshake-timeout=1s",
				"switchboard.tls.port=0", "switchboard.tls.bundle=chat",
				"spring.ssl.bundle.pem.chat.keystore.certificate=classpath:tls/first.crt",
				"spring.ssl.bundle.pem.chat.keystore.private-key=classpath:tls/first.key" })
class TlsIntegrationTests extends ServerFixture {

	@Autowired
	ChatServerFactory tlsServer;

	@Autowired
	MeterRegistry registry;

	@Autowired
	TcpListenerHealthIndicator health;

	int tlsPort;

	@BeforeEach
	void awaitTlsListener() {
		await().until(this.tlsServer::isListening);
		this.tlsPort = this.tlsServer.getPort();
	}

	@AfterEach
	void theTlsListenerHoldsNothing() {
		await().untilAsserted(() -> {
			assertThat(this.tlsServer.tracked()).as("connections the TLS factory still holds").isZero();
			assertThat(gauge("switchboard.connections.active", "tls")).isZero();
		});
	}

	@Test
	void aTlsUserAndAPlainUserChatInTheSameRoom() {
		try (LineClient ann = Tls.login(this.tlsPort, "ann"); LineClient bob = login("bob")) {
			ann.awaitLine("\\* guest-\\d+ is now known as bob");
			ann.send("hello over TLS");
			bob.expectLine("\\[#lobby\\] ann: hello over TLS");
			bob.send("hello in clear");
			ann.expectLine("\\[#lobby\\] bob: hello in clear");
			assertThat(session("ann").isEncrypted()).isTrue();
			assertThat(session("bob").isEncrypted()).isFalse();
			SSLSession tls = ((SSLSocket) ann.socket()).getSession();
			assertThat(tls.getProtocol()).isEqualTo("TLSv1.3");
			assertThat(Tls.servedBy(tls)).contains("O=Switchboard test first");
		}
	}

	@Test
	void tls12IsServedWithAStrongSuiteAndAWeakSuiteIsRefusedAsAFailedHandshake() {
		double failed = handshakes("failed");
		double protocol = closed("protocol", "tls");
		try (SSLSocket socket = Tls.connect(this.tlsPort, "TLSv1.2", null)) {
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
			assertThat(TlsContext.CIPHERS).contains(socket.getSession().getCipherSuite());
		}
		catch (java.io.IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> Tls.connect(this.tlsPort, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
		await().untilAsserted(() -> {
			assertThat(handshakes("failed")).isEqualTo(failed + 1);
			assertThat(closed("protocol", "tls")).isEqualTo(protocol + 1);
		});
	}

	@Test
	void plainTextOnTheTlsPortGetsOneLineInClearAndIsClosed() {
		double plaintext = handshakes("plaintext");
		double protocol = closed("protocol", "tls");
		try (LineClient nc = LineClient.connect(this.tlsPort)) {
			nc.send("hello");
			nc.expectLine("! This is a Switchboard TLS port: connect with a TLS client \\(openssl s_client, ncat --ssl,"
					+ " socat OPENSSL:\\), or use the plain chat port with nc or telnet\\. Closing\\.");
			nc.expectClosed();
		}
		await().untilAsserted(() -> {
			assertThat(handshakes("plaintext")).isEqualTo(plaintext + 1);
			assertThat(closed("protocol", "tls")).isEqualTo(protocol + 1);
		});
		assertThat(this.sessions.size()).isZero();
	}

	@Test
	void clientsThatNeverFinishTheirHandshakeAreClosedAtTheTimeoutAndDoNotStallOthers() {
		double timeouts = handshakes("timeout");
		double closedByTimeout = closed("timeout", "tls");
		long started = System.nanoTime();
		try (LineClient silent = LineClient.connect(this.tlsPort);
				LineClient stuck = LineClient.connect(this.tlsPort)) {
			// A TLS record header announcing a ClientHello that never comes.
			stuck.sendRaw(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });
			try (LineClient ann = Tls.login(this.tlsPort, "ann")) {
				ann.send("/ping meanwhile").expectLine("\\* pong meanwhile");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
			silent.expectLine("! No TLS handshake arrived in time\\. This is a Switchboard TLS port: .*");
			silent.expectClosed();
			stuck.expectClosed();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		await().untilAsserted(() -> {
			assertThat(handshakes("timeout")).isEqualTo(timeouts + 2);
			assertThat(closed("timeout", "tls")).isEqualTo(closedByTimeout + 2);
		});
	}

	@Test
	void aHandshakeTrickledInAByteAtATimeIsCutSoonAfterTheTimeout() {
		double timeouts = handshakes("timeout");
		long started = System.nanoTime();
		try (LineClient trickle = LineClient.connect(this.tlsPort)) {
			trickle.sendRaw(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				// Each byte well inside the read timeout, for 10 s; only the watchdog
				// ends it
				// sooner.
				for (int i = 0; i < 50; i++) {
					java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
					trickle.sendRaw(new byte[] { 0x01 });
				}
			});
			trickle.expectClosed();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
					Duration.ofSeconds(6));
			sending.cancel(true);
		}
		await().untilAsserted(() -> assertThat(handshakes("timeout")).isEqualTo(timeouts + 1));
	}

	@Test
	void overlongLinesAndThePerAddressLimitWorkOnTheTlsPortAndTheLimitIsSharedWithThePlainPort() {
		double refused = closed("server_full", "tls");
		try (LineClient ann = Tls.login(this.tlsPort, "ann"); LineClient bob = login("bob")) {
			ann.send("x".repeat(4097)).awaitLine("! Line too long \\(over 4096 bytes\\).*");
			try (LineClient cat = login("cat"); LineClient dan = Tls.login(this.tlsPort, "dan")) {
				try (LineClient fifth = LineClient.over(Tls.connect(this.tlsPort))) {
					fifth.expectLine(
							"! Too many connections from your address \\(at most 4\\)\\. Close one and try again\\.");
					fifth.expectClosed();
				}
				dan.send("/ping still here").expectLine("\\* pong still here");
			}
		}
		await().untilAsserted(() -> assertThat(closed("server_full", "tls")).isEqualTo(refused + 1));
	}

	@Test
	void aTlsClientThatNeverReadsIsCutAsASlowConsumerWhileItsWriteIsBlocked() {
		double cuts = closed("slow_consumer", "tls");
		String payload = "p".repeat(4000);
		try (LineClient talker = login("talker");
				LineClient victim = LineClient.login(LineClient.over(Tls.connectSlow(this.tlsPort)), "victim")) {
			talker.awaitLine("\\* guest-\\d+ is now known as victim");
			for (int i = 0; i < 3000 && closed("slow_consumer", "tls") == cuts; i++) {
				talker.send(i + " " + payload);
			}
			await().untilAsserted(() -> assertThat(closed("slow_consumer", "tls")).isEqualTo(cuts + 1));
			victim.expectClosed();
			talker.send("/ping after").awaitLine("\\* pong after");
		}
	}

	@Test
	void metersAndHealthTellTheListenersApart() {
		double tlsBytes = counter("switchboard.bytes.received", "tls");
		try (LineClient ann = Tls.login(this.tlsPort, "ann"); LineClient bob = login("bob")) {
			assertThat(gauge("switchboard.connections.active", "tls")).isEqualTo(1);
			assertThat(gauge("switchboard.connections.active", "plain")).isEqualTo(1);
			assertThat(gauge("switchboard.listener.up", "tls")).isEqualTo(1);
			assertThat(gauge("switchboard.listener.up", "plain")).isEqualTo(1);
			assertThat(counter("switchboard.bytes.received", "tls")).isEqualTo(tlsBytes + "/nick ann\n".length());
			Map<String, Object> details = this.health.health().getDetails();
			assertThat(details).containsEntry("connections", 2).containsEntry("port", this.port);
			// The IRC listeners (issue 12) are there too, plain and over TLS, with no
			// connection.
			assertThat(details.get("listeners")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
				.containsEntry("plain", Map.of("port", this.port, "listening", true, "connections", 1))
				.containsEntry("tls", Map.of("port", this.tlsPort, "listening", true, "connections", 1))
				.containsOnlyKeys("plain", "tls", "irc", "irc-tls");
		}
	}

	private Session session(String nick) {
		return this.sessions.all().stream().filter((session) -> session.nick().equals(nick)).findFirst().orElseThrow();
	}

	private double handshakes(String outcome) {
		return this.registry.get("switchboard.tls.handshakes")
			.tag("listener", "tls")
			.tag("outcome", outcome)
			.functionCounter()
			.count();
	}

	private double closed(String reason, String listener) {
		return this.registry.get("switchboard.connections.closed")
			.tag("listener", listener)
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

	private double counter(String name, String listener) {
		return this.registry.get(name).tag("listener", listener).functionCounter().count();
	}

	private double gauge(String name, String listener) {
		return this.registry.get(name).tag("listener", listener).gauge().value();
	}

}
