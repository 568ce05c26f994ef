package dev.switchboard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * An {@link SSLContext} made from a Spring Boot SSL bundle, with the protocols and cipher
 * suites the TLS listener allows: TLS 1.3 and 1.2 only, and only suites with forward
 * secrecy and authenticated encryption (Mozilla's "intermediate" profile, without its
 * finite-field DHE suites), in the server's order of preference. A bundle's own
 * {@code options.enabled-protocols} and {@code options.ciphers} can narrow these lists,
 * never widen them. Immutable: a reloaded bundle makes a new one.
 */
record TlsContext(SSLContext context, String[] protocols, String[] ciphers, String[] groups, String certificate) {

	static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	static final List<String> CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	/**
	 * Key exchange groups: elliptic curves (and the post-quantum hybrid where the JDK has
	 * it), none under 128 bits; the JDK would also offer finite-field groups from 2048
	 * bits (112).
	 */
	static final List<String> GROUPS = List.of("X25519MLKEM768", "x25519", "secp256r1", "secp384r1", "x448",
			"secp521r1");

	/**
	 * @throws IllegalStateException if the bundle has no key store, or allows nothing
	 * this listener does
	 */
	static TlsContext of(String name, SslBundle bundle) {
		if (bundle.getStores().getKeyStore() == null) {
			throw new IllegalStateException("SSL bundle '" + name
					+ "' has no key store: the TLS listener needs a certificate and its private key");
		}
		SSLContext context = bundle.createSslContext();
		SSLParameters supported = context.getSupportedSSLParameters();
		SslOptions options = bundle.getOptions();
		String[] protocols = allowed(PROTOCOLS, options.getEnabledProtocols(), supported.getProtocols());
		String[] ciphers = allowed(CIPHERS, options.getCiphers(), supported.getCipherSuites());
		String[] groups = allowed(GROUPS, null, supported.getNamedGroups());
		if (protocols.length == 0 || ciphers.length == 0) {
			throw new IllegalStateException(
					"SSL bundle '" + name + "' enables no " + ((protocols.length == 0) ? "protocol" : "cipher suite")
							+ " the TLS listener allows (protocols " + PROTOCOLS + ", cipher suites " + CIPHERS + ")");
		}
		return new TlsContext(context, protocols, ciphers, groups, describe(bundle));
	}

	/**
	 * Ours, in our order, less what the bundle's options leave out and what the JDK
	 * lacks.
	 */
	private static String[] allowed(List<String> ours, String[] bundles, String[] supported) {
		Set<String> chosen = SslOptions.asSet(bundles);
		Set<String> available = SslOptions.asSet(supported);
		return ours.stream()
			.filter((item) -> chosen == null || chosen.contains(item))
			.filter(available::contains)
			.toArray(String[]::new);
	}

	/** The served certificate's subject and expiry, for the log; never a secret. */
	private static String describe(SslBundle bundle) {
		try {
			KeyStore store = bundle.getStores().getKeyStore();
			String alias = bundle.getKey().getAlias();
			for (String candidate : (alias != null) ? List.of(alias) : Collections.list(store.aliases())) {
				Certificate certificate = store.getCertificate(candidate);
				if (store.isKeyEntry(candidate) && certificate instanceof X509Certificate x509) {
					return x509.getSubjectX500Principal().getName() + ", valid until " + x509.getNotAfter().toInstant();
				}
			}
		}
		catch (KeyStoreException ex) {
			// described as unknown below
		}
		return "(no certificate found)";
	}

	/**
	 * A server-side TLS socket over an accepted one. No I/O: the handshake starts when
	 * asked for or at the first read.
	 * @param consumed what was already read from {@code socket} (the start of the
	 * ClientHello), read by the handshake first
	 */
	SSLSocket wrap(Socket socket, InputStream consumed) throws IOException {
		SSLSocket tls = (SSLSocket) this.context.getSocketFactory().createSocket(socket, consumed, true);
		SSLParameters parameters = tls.getSSLParameters();
		parameters.setProtocols(this.protocols);
		parameters.setCipherSuites(this.ciphers);
		parameters.setNamedGroups(this.groups);
		parameters.setUseCipherSuitesOrder(true);
		parameters.setNeedClientAuth(false);
		tls.setSSLParameters(parameters);
		tls.setUseClientMode(false);
		return tls;
	}

	@Override
	public String toString() {
		return "TlsContext[" + this.certificate + ", protocols " + Arrays.toString(this.protocols) + "]";
	}

}
