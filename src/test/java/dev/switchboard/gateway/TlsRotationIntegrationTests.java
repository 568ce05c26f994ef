package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, part 1: a renewed certificate takes effect for new connections without a
 * restart. The bundle reads PEM files from a directory of the test's, with
 * {@code reload-on-update}; the test replaces them with the second test certificate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=0", "switchboard.tls.port=0",
				"switchboard.tls.bundle=chat", "spring.ssl.bundle.pem.chat.reload-on-update=true",
				"spring.ssl.bundle.watch.file.quiet-period=100ms" })
class TlsRotationIntegrationTests extends ServerFixture {

	static final Path FILES = directory();

	@Autowired
	ChatServerFactory tlsServer;

	@DynamicPropertySource
	static void certificateFiles(DynamicPropertyRegistry registry) {
		install("first");
		registry.add("spring.ssl.bundle.pem.chat.keystore.certificate", () -> "file:" + FILES.resolve("chat.crt"));
		registry.add("spring.ssl.bundle.pem.chat.keystore.private-key", () -> "file:" + FILES.resolve("chat.key"));
	}

	@Test
	void aRenewedCertificateServesNewConnectionsWhileOpenOnesGoOn() {
		await().until(this.tlsServer::isListening);
		int tlsPort = this.tlsServer.getPort();
		try (LineClient ann = Tls.login(tlsPort, "ann")) {
			assertThat(Tls.servedBy(((SSLSocket) ann.socket()).getSession())).contains("O=Switchboard test first");
			install("second");
			await().atMost(Duration.ofSeconds(20)).until(() -> servedTo(tlsPort).contains("O=Switchboard test second"));
			ann.send("/ping after the renewal").awaitLine("\\* pong after the renewal");
		}
	}

	private static String servedTo(int port) throws IOException {
		try (SSLSocket socket = Tls.connect(port)) {
			return Tls.servedBy(socket.getSession());
		}
	}

	private static void install(String name) {
		copy("tls/" + name + ".key", FILES.resolve("chat.key"));
		copy("tls/" + name + ".crt", FILES.resolve("chat.crt"));
	}

	private static void copy(String resource, Path target) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path directory() {
		try {
			Path directory = Files.createTempDirectory("switchboard-tls");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
