import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Memory per idle connection on Switchboard's plain and TLS ports (issue 11): the RSS growth of
 * the server process for N connections that are greeted and then sit there, as Bench.java's idle
 * workload measures it, with a TLS client (the JDK's SSLSocket, verifying the certificate) for
 * the TLS port. Run by scripts/bench-tls-idle.sh, which starts a fresh server for each figure.
 *
 * <pre>
 * java bench/IdleTls.java plain|tls HOST:PORT --conns N --pid PID [--ca certificate.pem] [--hold SECONDS]
 * </pre>
 */
public class IdleTls {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String[] hostPort = args[1].split(":");
		int conns = 10_000;
		long pid = -1;
		String ca = null;
		long hold = 0;
		for (int i = 2; i < args.length; i += 2) {
			switch (args[i]) {
				case "--conns" -> conns = Integer.parseInt(args[i + 1]);
				case "--pid" -> pid = Long.parseLong(args[i + 1]);
				case "--ca" -> ca = args[i + 1];
				case "--hold" -> hold = Long.parseLong(args[i + 1]);
				default -> throw new IllegalArgumentException(args[i]);
			}
		}
		SSLContext tls = mode.equals("tls") ? trusting(Path.of(ca)) : null;
		Thread.sleep(1000);
		long before = rssKiB(pid);
		List<Socket> open = new ArrayList<>(conns);
		for (int i = 0; i < conns; i++) {
			open.add(idle(tls, hostPort[0], Integer.parseInt(hostPort[1])));
		}
		Thread.sleep(3000);
		long after = rssKiB(pid);
		System.out.println(String.format(Locale.ROOT,
				"RESULT mode=idle server=switchboard-%s conns=%d rss_before_kib=%d rss_after_kib=%d kib_per_conn=%.2f",
				mode, conns, before, after, (after - before) / (double) conns));
		// Connections kept open this much longer, for a look inside the server (jcmd PID GC.class_histogram).
		Thread.sleep(hold * 1000);
		for (Socket socket : open) {
			socket.close();
		}
	}

	/** A connection that was greeted and then just sits there. */
	static Socket idle(SSLContext tls, String host, int port) throws IOException {
		Socket socket = (tls != null) ? tls.getSocketFactory().createSocket() : new Socket();
		socket.connect(new InetSocketAddress(host, port));
		if (socket instanceof SSLSocket ssl) {
			var parameters = ssl.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			ssl.setSSLParameters(parameters);
			ssl.startHandshake();
		}
		await(socket.getInputStream(), "Welcome to Switchboard");
		return socket;
	}

	static void await(InputStream in, String text) throws IOException {
		StringBuilder seen = new StringBuilder();
		byte[] buffer = new byte[512];
		while (seen.indexOf(text) < 0) {
			int n = in.read(buffer);
			if (n < 0) {
				throw new IOException("closed while waiting for " + text + "; saw " + seen);
			}
			seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
		}
	}

	static SSLContext trusting(Path certificate) throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream in = Files.newInputStream(certificate)) {
			trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	static long rssKiB(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("no VmRSS for " + pid);
	}

}
