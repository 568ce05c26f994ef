package dev.switchboard.account;

import dev.switchboard.protocol.NameRules;
import dev.switchboard.routing.NickTakeover;
import dev.switchboard.routing.Presence;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
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

	private static final Log logger = LogFactory.getLog(AccountConfiguration.class);

	@Bean
	AccountStore accountStore(JdbcClient jdbc, Environment environment) {
		warnIfEachNodeHasItsOwn(environment);
		return new AccountStore(jdbc);
	}

	// Nodes of a cluster with the default H2 file would each protect only the nicks
	// registered on them.
	private static void warnIfEachNodeHasItsOwn(Environment environment) {
		boolean cluster = !environment.getProperty("switchboard.cluster.redis-url", "").isBlank()
				|| !environment.getProperty("switchboard.cluster.redis-cluster-nodes", "").isBlank()
				|| !environment.getProperty("switchboard.cluster.redis-cluster-nodes[0]", "").isBlank();
		if (cluster && environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:file:")) {
			logger.warn("This node is in a cluster but keeps accounts in its own H2 file: a nick registered here"
					+ " is not protected on the other nodes. Point spring.datasource.url at one PostgreSQL for"
					+ " every node (README \"Accounts\").");
		}
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
