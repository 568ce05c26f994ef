package dev.switchboard.irc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.Accounts;
import org.jspecify.annotations.Nullable;

/**
 * IRCv3 SASL with the one mechanism {@code PLAIN} (ircv3.net "sasl-3.1"/"sasl-3.2"),
 * against Switchboard's accounts: {@code AUTHENTICATE PLAIN}, {@code AUTHENTICATE +},
 * then the base64 of {@code authzid NUL authcid NUL password} in 400-byte chunks. A
 * success logs the session in to the account ({@link Accounts#authenticate}: the same
 * limits, meters and log lines as {@code /login}), so the client may then take the
 * account's nick. Offered only when accounts are on ({@code CAP LS} {@code sasl=PLAIN}).
 */
final class Sasl {

	static final String MECHANISMS = "PLAIN";

	/** IRCv3: a payload is sent in chunks of this many bytes; a shorter one ends it. */
	private static final int CHUNK = 400;

	/** Base64 of an account name, a NUL and a password of the longest allowed sizes. */
	private static final int MAX_PAYLOAD = 1024;

	private final Accounts accounts;

	Sasl(Accounts accounts) {
		this.accounts = accounts;
	}

	boolean offered() {
		return this.accounts.enabled();
	}

	void authenticate(IrcClient client, IrcMessage message) {
		String argument = message.param(0);
		if (!offered()) {
			client.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed: accounts are turned off here");
			return;
		}
		if (argument.equals("*")) {
			abort(client);
			return;
		}
		StringBuilder exchange = client.sasl();
		if (exchange == null) {
			start(client, argument);
		}
		else {
			receive(client, exchange, argument);
		}
	}

	/** Registration ended while an exchange was under way: it is dropped. */
	void abortIfUnderWay(IrcClient client) {
		if (client.sasl() != null) {
			abort(client);
		}
	}

	private void abort(IrcClient client) {
		client.sasl(null);
		client.numeric(Numeric.ERR_SASLABORTED, "SASL authentication aborted");
	}

	private void start(IrcClient client, String mechanism) {
		if (client.session().account() != null) {
			client.numeric(Numeric.ERR_SASLALREADY, "You have already authenticated using SASL");
			return;
		}
		if (!mechanism.toUpperCase(Locale.ROOT).equals(MECHANISMS)) {
			client.numeric(Numeric.RPL_SASLMECHS, MECHANISMS, "are available SASL mechanisms");
			client.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed");
			return;
		}
		client.sasl(new StringBuilder());
		client.send("AUTHENTICATE +");
	}

	private void receive(IrcClient client, StringBuilder exchange, String chunk) {
		if (!chunk.equals("+")) {
			exchange.append(chunk);
		}
		if (exchange.length() > MAX_PAYLOAD || chunk.length() > CHUNK) {
			client.sasl(null);
			client.numeric(Numeric.ERR_SASLTOOLONG, "SASL message too long");
			return;
		}
		if (chunk.length() == CHUNK) {
			return;
		}
		client.sasl(null);
		String[] fields = decode(exchange.toString());
		if (fields == null) {
			client.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed: not a PLAIN payload");
			return;
		}
		login(client, fields[1], fields[2]);
	}

	private void login(IrcClient client, String nick, String password) {
		try {
			Accounts.Authenticated done = this.accounts.authenticate(client.session(), nick, password);
			String as = (client.pendingNick() != null) ? client.pendingNick() : client.nick();
			client.numeric(Numeric.RPL_LOGGEDIN, as + "!" + as + "@switchboard", done.account(),
					"You are now logged in as " + done.account());
			client.numeric(Numeric.RPL_SASLSUCCESS, "SASL authentication successful");
			if (done.warning() != null) {
				client.fromServer("NOTICE " + client.target() + " :" + done.warning());
			}
		}
		catch (ProtocolException ex) {
			// Wrong password and unknown account look the same to the client; the rest
			// say why
			// (never the password).
			if (ex.code() != ErrorCode.WRONG_PASSWORD && ex.code() != ErrorCode.NOT_REGISTERED) {
				client.fromServer("NOTICE " + client.target() + " :" + ex.getMessage());
			}
			client.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed");
		}
	}

	/**
	 * @return authzid, authcid and password, or {@code null} if the payload is not base64
	 * of three NUL-separated UTF-8 fields, or names someone else to act as
	 */
	static String @Nullable [] decode(String payload) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(payload);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		String[] fields = new String(bytes, StandardCharsets.UTF_8).split("\0", -1);
		if (fields.length != 3 || fields[1].isEmpty() || fields[2].isEmpty()) {
			return null;
		}
		if (!fields[0].isEmpty() && !NameRules.key(fields[0]).equals(NameRules.key(fields[1]))) {
			return null;
		}
		return fields;
	}

}
