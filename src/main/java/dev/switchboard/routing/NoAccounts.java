package dev.switchboard.routing;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Accounts turned off ({@code switchboard.accounts.enabled=false}): no nick is
 * registered, and the account commands say so.
 */
@Component
class NoAccounts implements Accounts {

	@Override
	public @Nullable String registered(String nick) {
		return null;
	}

	@Override
	public void handle(Session session, Command.AccountCommand command) {
		throw disabled();
	}

	@Override
	public boolean enabled() {
		return false;
	}

	@Override
	public Authenticated authenticate(Session session, String nick, String password) {
		throw disabled();
	}

	private static ProtocolException disabled() {
		return new ProtocolException(ErrorCode.ACCOUNTS_DISABLED,
				"Accounts are turned off on this server: nicks cannot be registered.");
	}

}
