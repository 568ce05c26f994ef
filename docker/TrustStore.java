import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * Build-stage helper: writes a PKCS12 trust store holding every CA of a PEM bundle, so Maven
 * trusts exactly what the system trusts (including docker/ca-certificates/*.crt), whatever
 * state the base image's JDK cacerts is in. Usage: java TrustStore.java BUNDLE OUT
 */
public class TrustStore {

	public static void main(String[] args) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		int count = 0;
		try (InputStream in = new FileInputStream(args[0])) {
			for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				store.setCertificateEntry("ca-" + count++, ca);
			}
		}
		try (OutputStream out = new FileOutputStream(args[1])) {
			store.store(out, "changeit".toCharArray());
		}
		System.out.println(count + " CA certificates in " + args[1]);
	}

}
