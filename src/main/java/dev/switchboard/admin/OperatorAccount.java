package dev.switchboard.admin;

import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The one operator account, from {@code switchboard.admin.username} and
 * {@code switchboard.admin.password}. A password that starts with an algorithm the
 * delegating encoder knows ({@code {bcrypt}}, {@code {argon2}}, ...) is a hash; any other
 * is compared as given ({@code {noop}}). Without a password there is no account at all,
 * so every login fails, and the log says once how to set one, never a value.
 */
final class OperatorAccount {

	private static final Logger log = LoggerFactory.getLogger(OperatorAccount.class);

	private static final Pattern HASHED = Pattern
		.compile("^\\{(bcrypt|argon2|pbkdf2|scrypt|noop)(@SpringSecurity_v5_8)?}.+", Pattern.DOTALL);

	private OperatorAccount() {
	}

	static UserDetailsService users(AdminProperties admin) {
		if (!admin.hasPassword()) {
			log.warn("No operator password is set, so /actuator/switchboard (sessions, kick, announce, drain) answers "
					+ "401 to everyone. Set switchboard.admin.password (environment SWITCHBOARD_ADMIN_PASSWORD), "
					+ "plain or as a {bcrypt} hash, to enable it (README \"Protecting the management port\").");
			return new InMemoryUserDetailsManager();
		}
		return new InMemoryUserDetailsManager(
				User.withUsername(admin.username()).password(stored(admin.password())).roles("OPERATOR").build());
	}

	static String stored(String password) {
		return HASHED.matcher(password).matches() ? password : "{noop}" + password;
	}

}
