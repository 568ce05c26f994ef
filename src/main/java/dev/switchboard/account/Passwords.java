package dev.switchboard.account;

import java.nio.charset.StandardCharsets;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password rules and hashing. Hashes carry their algorithm ({@code {bcrypt}...}) through
 * Spring Security's delegating encoder, so a later default can re-hash old ones at login
 * ({@link #needsRehash}). A password is never logged, echoed, or kept after the command.
 */
final class Passwords {

	/** bcrypt reads at most 72 bytes; Spring Security refuses longer passwords. */
	static final int MAX_BYTES = 72;

	private final PasswordEncoder encoder;

	private final int minLength;

	Passwords(PasswordEncoder encoder, int minLength) {
		this.encoder = encoder;
		this.minLength = minLength;
	}

	/**
	 * @throws ProtocolException {@code weak_password} if it may not be used
	 */
	String hashNew(String nick, String password) {
		if (password.codePointCount(0, password.length()) < this.minLength) {
			throw weak("A password needs at least " + this.minLength + " characters.");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw weak("A password may be at most " + MAX_BYTES + " bytes long.");
		}
		if (NameRules.key(password).equals(NameRules.key(nick))) {
			throw weak("A password must not be the nick.");
		}
		return this.encoder.encode(password);
	}

	boolean matches(String password, String hash) {
		return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES && this.encoder.matches(password, hash);
	}

	boolean needsRehash(String hash) {
		return this.encoder.upgradeEncoding(hash);
	}

	String hash(String password) {
		return this.encoder.encode(password);
	}

	private static ProtocolException weak(String text) {
		return new ProtocolException(ErrorCode.WEAK_PASSWORD, text + " Nothing was changed.");
	}

}
