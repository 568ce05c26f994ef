package dev.switchboard.gateway;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the TLS listener allows of a bundle (docs/SECURITY.md "TLS on the chat port"): TLS
 * 1.3 and 1.2, forward-secret AEAD suites, elliptic-curve groups; a bundle may narrow
 * these, never widen them.
 */
class TlsContextTests {

	private static final PemSslStoreBundle STORES = new PemSslStoreBundle(
			PemSslStoreDetails.forCertificate("classpath:tls/first.crt").withPrivateKey("classpath:tls/first.key"),
			null);

	@Test
	void aBundleWithoutOptionsGetsTls13And12AndOnlyStrongSuitesAndCurves() {
		TlsContext tls = TlsContext.of("chat", SslBundle.of(STORES));
		assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
		assertThat(tls.ciphers()).isNotEmpty()
			.allMatch((cipher) -> cipher.contains("GCM") || cipher.contains("CHACHA20"));
		assertThat(tls.groups()).contains("x25519", "secp256r1").noneMatch((group) -> group.startsWith("ffdhe"));
		assertThat(tls.certificate()).startsWith("O=Switchboard test first,CN=localhost, valid until 2126-");
	}

	@Test
	void aBundleMayNarrowTheListsButNotWidenThem() {
		SslOptions options = SslOptions.of(new String[] { "TLS_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA" },
				new String[] { "TLSv1.3", "TLSv1.1" });
		TlsContext tls = TlsContext.of("chat", SslBundle.of(STORES, SslBundleKey.NONE, options));
		assertThat(tls.protocols()).containsExactly("TLSv1.3");
		assertThat(tls.ciphers()).containsExactly("TLS_AES_256_GCM_SHA384");
	}

	@Test
	void aBundleThatAllowsNothingOfOursIsRefusedWithItsName() {
		SslOptions options = SslOptions.of(null, new String[] { "TLSv1.1" });
		assertThatIllegalStateException()
			.isThrownBy(() -> TlsContext.of("chat", SslBundle.of(STORES, SslBundleKey.NONE, options)))
			.withMessageStartingWith("SSL bundle 'chat' enables no protocol the TLS listener allows");
	}

	@Test
	void aBundleWithoutAKeyStoreIsRefused() {
		SslBundle trustOnly = SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("classpath:tls/first.crt")));
		assertThatIllegalStateException().isThrownBy(() -> TlsContext.of("chat", trustOnly))
			.withMessageContaining("has no key store");
	}

	@Test
	void aWrappedSocketIsAServerSocketWithTheseListsAndTheServersOrder() throws Exception {
		TlsContext tls = TlsContext.of("chat", SslBundle.of(STORES));
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
			SSLSocket socket = tls.wrap(plain, InputStream.nullInputStream());
			assertThat(socket.getUseClientMode()).isFalse();
			assertThat(socket.getEnabledProtocols()).containsExactly(tls.protocols());
			assertThat(socket.getEnabledCipherSuites()).containsExactly(tls.ciphers());
			assertThat(socket.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
		}
	}

}
