package dev.switchboard.account;

import java.time.Duration;

import dev.switchboard.account.AccountMetrics.Outcome;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.NickTakeover;
import dev.switchboard.routing.Replies;
import dev.switchboard.session.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Password checks ({@code /login}, and the old password of {@code /password} and
 * {@code /unregister}), each through the {@link LoginLimit}, counted by outcome and
 * logged with nick and address only. A login takes the nick from whoever holds it, on any
 * server: the account's nick is held once, by its latest login.
 */
final class Logins {

	private static final Log logger = LogFactory.getLog(Logins.class);

	private final AccountStore store;

	private final Passwords passwords;

	private final LoginLimit limit;

	private final AccountMetrics metrics;

	private final ObjectProvider<NickTakeover> takeover;

	private final Duration takeoverTimeout;

	Logins(AccountStore store, Passwords passwords, LoginLimit limit, AccountMetrics metrics,
			ObjectProvider<NickTakeover> takeover, Duration takeoverTimeout) {
		this.store = store;
		this.passwords = passwords;
		this.limit = limit;
		this.metrics = metrics;
		this.takeover = takeover;
		this.takeoverTimeout = takeoverTimeout;
	}

	void login(Session session, String nick, String password) {
		Account account = verified(session, nick, password);
		String name = account.name();
		if (name.equals(session.account()) && name.equals(session.nick())) {
			Replies.info(session, "You are already logged in as " + name + ".");
			return;
		}
		this.store.loggedIn(name);
		String why = "Someone logged in to the account of " + name + ", which takes the nick; you are no longer " + name
				+ ".";
		if (!this.takeover.getObject().take(session, name, why, this.takeoverTimeout)) {
			throw new ProtocolException(ErrorCode.UNAVAILABLE, "Your password is right, but " + name
					+ " did not become free within " + this.takeoverTimeout.toSeconds() + " s; try again.");
		}
		session.account(name);
		this.metrics.login(Outcome.SUCCESS);
		logger.info("Login to account " + name + " from " + session.remoteAddress());
		Replies.reply(session, new Event.Account(name, "You are logged in as " + name + "."));
	}

	/**
	 * Logs the session in to the account without taking its nick (IRC SASL, before the
	 * client has one).
	 * @return the account's name, as registered
	 */
	String authenticate(Session session, String nick, String password) {
		String name = verified(session, nick, password).name();
		this.store.loggedIn(name);
		session.account(name);
		this.metrics.login(Outcome.SUCCESS);
		logger.info("Login to account " + name + " (IRC SASL) from " + session.remoteAddress());
		return name;
	}

	/**
	 * Checks a password for an account, counting a failure against the session's address
	 * and the account.
	 * @throws ProtocolException {@code too_many_attempts}, {@code not_registered} or
	 * {@code wrong_password}
	 */
	Account verified(Session session, String nick, String password) {
		String address = session.remoteAddress();
		try {
			this.limit.check(address, nick);
		}
		catch (ProtocolException ex) {
			this.metrics.login(Outcome.THROTTLED);
			throw ex;
		}
		Account account = this.store.find(nick).orElse(null);
		if (account == null) {
			this.limit.failed(address, nick);
			this.metrics.login(Outcome.NOT_REGISTERED);
			throw new ProtocolException(ErrorCode.NOT_REGISTERED, "Nobody has registered " + nick
					+ "; to make it yours," + " /nick " + nick + " then /register PASSWORD.");
		}
		if (!this.passwords.matches(password, account.passwordHash())) {
			this.limit.failed(address, nick);
			this.metrics.login(Outcome.WRONG_PASSWORD);
			logger.warn("Wrong password for account " + account.name() + " from " + address);
			throw new ProtocolException(ErrorCode.WRONG_PASSWORD, "Wrong password for " + account.name() + ".");
		}
		if (this.passwords.needsRehash(account.passwordHash())) {
			this.store.changeHash(account.name(), this.passwords.hash(password));
		}
		return account;
	}

	static boolean isLoggedInTo(Session session, String nick) {
		String account = session.account();
		return account != null && NameRules.key(account).equals(NameRules.key(nick));
	}

}
