package dev.switchboard.account;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code switchboard.account.logins{outcome}}: password checks by outcome (a public
 * contract: README "Metrics"). No tag ever carries a nick, an address or a password.
 */
final class AccountMetrics {

	enum Outcome {

		/** logged in */
		SUCCESS,
		/** a wrong password, for login, /password or /unregister */
		WRONG_PASSWORD,
		/** a login to a nick nobody registered */
		NOT_REGISTERED,
		/** refused by the failed-attempt limit without checking the password */
		THROTTLED,
		/** refused because require-tls forbids passwords on this connection */
		ENCRYPTION_REQUIRED

	}

	private final Map<Outcome, Counter> logins = new EnumMap<>(Outcome.class);

	AccountMetrics(MeterRegistry registry) {
		for (Outcome outcome : Outcome.values()) {
			this.logins.put(outcome,
					Counter.builder("switchboard.account.logins")
						.description("Password checks (login, /password, /unregister), by outcome")
						.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
	}

	void login(Outcome outcome) {
		this.logins.get(outcome).increment();
	}

}
