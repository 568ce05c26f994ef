package dev.switchboard.account;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.Accounts;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Replies;
import dev.switchboard.session.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;

/**
 * {@link Accounts} backed by the database: the account commands and the "is this nick
 * registered?" question routing asks before a {@code /nick}. A database that cannot be
 * reached makes both answer {@code unavailable}; a {@code /nick} then fails closed.
 */
final class AccountCommands implements Accounts {

	private static final Log logger = LogFactory.getLog(AccountCommands.class);

	private final AccountStore store;

	private final Passwords passwords;

	private final Transport transport;

	private final Logins logins;

	private final NameRules names;

	private final AccountMetrics metrics;

	private final ObjectProvider<Presence> presence;

	AccountCommands(AccountStore store, Passwords passwords, Transport transport, Logins logins, NameRules names,
			AccountMetrics metrics, ObjectProvider<Presence> presence) {
		this.store = store;
		this.passwords = passwords;
		this.transport = transport;
		this.logins = logins;
		this.names = names;
		this.metrics = metrics;
		this.presence = presence;
	}

	@Override
	public @Nullable String registered(String nick) {
		try {
			return this.store.find(nick).map(Account::name).orElse(null);
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public void handle(Session session, Command.AccountCommand command) {
		try {
			switch (command) {
				case Command.Register register -> register(session, register.password());
				case Command.Login login -> login(session, login.nick(), login.password());
				case Command.Logout logout -> logout(session);
				case Command.Password password -> password(session, password.oldPassword(), password.newPassword());
				case Command.Unregister unregister -> unregister(session, unregister.password());
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public Authenticated authenticate(Session session, String nick, String password) {
		try {
			checkTransport(session);
			String account = this.logins.authenticate(session, this.names.nick(nick), password);
			return new Authenticated(account, this.transport.warning(session));
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	private void register(Session session, String password) {
		checkTransport(session);
		String nick = session.nick();
		if (Logins.isLoggedInTo(session, nick)) {
			throw new ProtocolException(ErrorCode.ALREADY_REGISTERED, nick + " is registered, and you are logged in.");
		}
		if (NameRules.key(nick).startsWith("guest-")) {
			throw new ProtocolException(ErrorCode.INVALID_NICK,
					"Guest nicks cannot be registered; take a nick with /nick NAME, then /register PASSWORD.");
		}
		if (!this.store.insert(nick, this.passwords.hashNew(nick, password))) {
			throw new ProtocolException(ErrorCode.ALREADY_REGISTERED,
					nick + " is registered already; if it is yours, /login " + nick + " PASSWORD.");
		}
		session.account(nick);
		logger.info("Account " + nick + " registered from " + session.remoteAddress());
		Replies.reply(session, new Event.Account(nick, nick + " is now registered to you, and you are logged in."
				+ " Next time, /login " + nick + " PASSWORD makes it yours again."));
		warn(session);
	}

	private void login(Session session, String nick, String password) {
		checkTransport(session);
		this.logins.login(session, this.names.nick(nick), password);
		warn(session);
	}

	private void logout(Session session) {
		String account = loggedIn(session);
		session.account(null);
		this.presence.getObject()
			.toGuest(session, new Event.Account(null,
					"You are logged out of " + account + ". The nick stays registered, so you continue as a guest."));
	}

	private void password(Session session, String oldPassword, String newPassword) {
		checkTransport(session);
		String account = loggedIn(session);
		this.logins.verified(session, account, oldPassword);
		this.store.changeHash(account, this.passwords.hashNew(account, newPassword));
		logger.info("Password of account " + account + " changed from " + session.remoteAddress());
		Replies.info(session, "Your password is changed.");
		warn(session);
	}

	private void unregister(Session session, String password) {
		checkTransport(session);
		String account = loggedIn(session);
		this.logins.verified(session, account, password);
		this.store.delete(account);
		session.account(null);
		logger.info("Account " + account + " unregistered from " + session.remoteAddress());
		Replies.reply(session, new Event.Account(null,
				account + " is no longer registered. You keep the nick until you leave or change it, as any nick."));
	}

	private void checkTransport(Session session) {
		try {
			this.transport.check(session);
		}
		catch (ProtocolException ex) {
			this.metrics.login(AccountMetrics.Outcome.ENCRYPTION_REQUIRED);
			throw ex;
		}
	}

	private void warn(Session session) {
		String warning = this.transport.warning(session);
		if (warning != null) {
			Replies.info(session, warning);
		}
	}

	private static String loggedIn(Session session) {
		String account = session.account();
		if (account == null) {
			throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "You are not logged in; /login NICK PASSWORD first.");
		}
		return account;
	}

	private static ProtocolException unavailable(DataAccessException ex) {
		logger.warn("The accounts database failed: " + ex.getClass().getSimpleName() + ": "
				+ ex.getMostSpecificCause().getMessage());
		return new ProtocolException(ErrorCode.UNAVAILABLE,
				"Accounts cannot be reached right now, so that was not done; try again shortly.");
	}

}
