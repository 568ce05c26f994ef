package dev.switchboard.account;

import dev.switchboard.protocol.NameRules;
import dev.switchboard.routing.NickTakeover;
import dev.switchboard.routing.Presence;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The account beans, unless {@code switchboard.accounts.enabled=false}. Its
 * {@link AccountCommands} is {@link Primary}: routing gets it in place of the no-op
 * {@code NoAccounts}. Presence and the takeover are looked up lazily: they depend on the
 * accounts themselves.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "switchboard.accounts.enabled", matchIfMissing = true)
class AccountConfiguration {

	@Bean
	AccountStore accountStore(JdbcClient jdbc) {
		return new AccountStore(jdbc);
	}

	@Bean
	@Primary
	AccountCommands accountCommands(AccountProperties properties, AccountStore store, NameRules names,
			MeterRegistry registry, ObjectProvider<Presence> presence, ObjectProvider<NickTakeover> takeover) {
		Passwords passwords = new Passwords(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
				properties.minPasswordLength());
		AccountMetrics metrics = new AccountMetrics(registry);
		Logins logins = new Logins(store, passwords, new LoginLimit(properties, System::nanoTime), metrics, takeover,
				properties.takeoverTimeout());
		return new AccountCommands(store, passwords, new Transport(properties.requireTls()), logins, names, metrics,
				presence);
	}

}
