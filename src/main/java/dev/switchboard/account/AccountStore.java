package dev.switchboard.account;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import dev.switchboard.protocol.NameRules;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code accounts} table (db/migration/V1__create_accounts.sql). Every call is one
 * statement, bounded by the pool's connection timeout and the query timeout
 * ({@code spring.datasource.hikari.connection-timeout},
 * {@code spring.jdbc.template.query-timeout}).
 */
class AccountStore {

	private static final String FIND = "SELECT name, password_hash FROM accounts WHERE name_key = :key";

	private static final String INSERT = "INSERT INTO accounts (name_key, name, password_hash, created_at)"
			+ " VALUES (:key, :name, :hash, :now)";

	private static final String UPDATE_HASH = "UPDATE accounts SET password_hash = :hash WHERE name_key = :key";

	private static final String LOGGED_IN = "UPDATE accounts SET last_login_at = :now WHERE name_key = :key";

	private static final String DELETE = "DELETE FROM accounts WHERE name_key = :key";

	private static final RowMapper<Account> ACCOUNT = (row, n) -> new Account(row.getString("name"),
			row.getString("password_hash"));

	private final JdbcClient jdbc;

	AccountStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Account> find(String nick) {
		return this.jdbc.sql(FIND).param("key", NameRules.key(nick)).query(ACCOUNT).optional();
	}

	/**
	 * @return false if the nick is registered already (also when another server won a
	 * race for it)
	 */
	boolean insert(String nick, String passwordHash) {
		try {
			this.jdbc.sql(INSERT)
				.param("key", NameRules.key(nick))
				.param("name", nick)
				.param("hash", passwordHash)
				.param("now", now())
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	void changeHash(String nick, String passwordHash) {
		this.jdbc.sql(UPDATE_HASH).param("key", NameRules.key(nick)).param("hash", passwordHash).update();
	}

	void loggedIn(String nick) {
		this.jdbc.sql(LOGGED_IN).param("key", NameRules.key(nick)).param("now", now()).update();
	}

	/**
	 * @return false if there was no such account
	 */
	boolean delete(String nick) {
		return this.jdbc.sql(DELETE).param("key", NameRules.key(nick)).update() > 0;
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
