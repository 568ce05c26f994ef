package dev.switchboard.account;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * What a password's way over the network allows: with {@code require-tls}, commands that
 * carry one are refused on unencrypted connections except from loopback; otherwise they
 * are carried out, and the reply says the password went in clear.
 */
final class Transport {

	static final String CLEAR_TEXT = "This connection is not encrypted: your password crossed the network"
			+ " in clear text. Use the server's TLS port where it has one.";

	private final boolean requireTls;

	Transport(boolean requireTls) {
		this.requireTls = requireTls;
	}

	/**
	 * @throws ProtocolException {@code encryption_required} where passwords may not go
	 */
	void check(Session session) {
		if (this.requireTls && !session.isEncrypted() && !isLoopback(session.remoteAddress())) {
			throw new ProtocolException(ErrorCode.ENCRYPTION_REQUIRED,
					"This server takes passwords only over TLS: connect to its TLS port and try again."
							+ " Change the password if you sent it here before.");
		}
	}

	/**
	 * @return the clear-text warning for this session, or {@code null} on TLS
	 */
	@Nullable String warning(Session session) {
		return session.isEncrypted() ? null : CLEAR_TEXT;
	}

	static boolean isLoopback(String remoteAddress) {
		String host = LoginLimit.host(remoteAddress);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		try {
			return java.net.InetAddress.ofLiteral(host).isLoopbackAddress();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
