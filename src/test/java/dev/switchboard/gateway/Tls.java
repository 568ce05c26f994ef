package dev.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.core.io.ClassPathResource;

/**
 * TLS clients for tests: the JDK's own {@link SSLSocket}, trusting the test certificates
 * in {@code src/test/resources/tls} and checking the host name, as a careful client does.
 */
public final class Tls {

	/** The properties that turn the TLS listener on with the first test certificate. */
	static final String[] LISTENER = { "switchboard.tls.port=0", "switchboard.tls.bundle=chat",
			"spring.ssl.bundle.pem.chat.keystore.certificate=classpath:tls/first.crt",
			"spring.ssl.bundle.pem.chat.keystore.private-key=classpath:tls/first.key" };

	private static final SSLContext TRUSTING_BOTH = trusting("tls/first.crt", "tls/second.crt");

	private Tls() {
	}

	static SSLContext trusting(String... certificates) {
		StringBuilder pem = new StringBuilder();
		for (String certificate : certificates) {
			try {
				pem.append(new ClassPathResource(certificate).getContentAsString(StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(pem.toString())))
			.createSslContext();
	}

	/** Connects and finishes the handshake, with the JDK's defaults (TLS 1.3). */
	public static SSLSocket connect(int port) {
		return connect(port, null, null);
	}

	/**
	 * @param protocol the only protocol to offer, or null for the defaults
	 * @param cipher the only cipher suite to offer, or null for the defaults
	 */
	static SSLSocket connect(int port, String protocol, String cipher) {
		return connect(port, protocol, cipher, 0);
	}

	/**
	 * Connects with a tiny receive buffer, so a client that stops reading fills up fast.
	 */
	static SSLSocket connectSlow(int port) {
		return connect(port, null, null, 2048);
	}

	private static SSLSocket connect(int port, String protocol, String cipher, int receiveBuffer) {
		try {
			SSLSocket socket = (SSLSocket) TRUSTING_BOTH.getSocketFactory().createSocket();
			if (receiveBuffer > 0) {
				socket.setReceiveBufferSize(receiveBuffer);
			}
			socket.connect(new InetSocketAddress("localhost", port));
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (protocol != null) {
				parameters.setProtocols(new String[] { protocol });
			}
			if (cipher != null) {
				parameters.setCipherSuites(new String[] { cipher });
			}
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(10_000);
			socket.startHandshake();
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Logs in over TLS, as {@link LineClient#login(int, String)} does in clear. */
	static LineClient login(int port, String nick) {
		return LineClient.login(LineClient.over(connect(port)), nick);
	}

	/** The organisation in the certificate the server presented. */
	static String servedBy(SSLSession session) {
		try {
			X509Certificate certificate = (X509Certificate) session.getPeerCertificates()[0];
			return certificate.getSubjectX500Principal().getName();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
