package dev.switchboard.admin;

import jakarta.servlet.DispatcherType;

import dev.switchboard.throttle.FailedAttempts;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Spring Security on the management port (HTTP serves nothing else; the chat port is not
 * HTTP). Health with its probes, info and the links page are open, health showing its
 * details only to an authenticated caller; Prometheus and metrics are open unless
 * {@code switchboard.admin.protect-metrics}; everything else, the operator endpoint
 * first, needs the operator's HTTP Basic credentials. Stateless, so no session cookie and
 * no CSRF token: {@code curl -u admin:pw -X POST} works. README "Protecting the
 * management port"; docs/SECURITY.md has the decisions. Off when there is no HTTP server
 * (tests of the chat port alone).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ManagementSecurityConfiguration {

	@Bean
	FailedLogins failedLogins(AdminProperties admin, MeterRegistry registry) {
		FailedAttempts throttle = new FailedAttempts(admin.maxFailedLogins(), admin.failedLoginWindow(),
				admin.failedLoginAddresses(), System::nanoTime);
		return new FailedLogins(throttle, admin.failedLoginWindow(), registry);
	}

	/**
	 * Its own manager, not Boot's, so no generated password is ever logged, and the
	 * operator's password is never rewritten in memory by an encoding upgrade.
	 */
	@Bean
	AuthenticationManager operatorLogin(AdminProperties admin, FailedLogins failedLogins) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(OperatorAccount.users(admin));
		provider.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
		ProviderManager manager = new ProviderManager(provider);
		manager.setAuthenticationEventPublisher(failedLogins);
		return manager;
	}

	@Bean
	SecurityFilterChain managementSecurity(HttpSecurity http, AdminProperties admin, FailedLogins failedLogins,
			AuthenticationManager operatorLogin) throws Exception {
		BasicChallenge challenge = new BasicChallenge();
		return http.authorizeHttpRequests((requests) -> authorize(requests, admin.protectMetrics()))
			.httpBasic((basic) -> basic.realmName(BasicChallenge.REALM).authenticationEntryPoint(challenge))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(challenge))
			.authenticationManager(operatorLogin)
			.addFilterBefore(new LoginThrottleFilter(failedLogins), BasicAuthenticationFilter.class)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.csrf(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.build();
	}

	/**
	 * Error dispatches are open so a 404 or 400 keeps its status and Boot's minimal body
	 * (no message, no trace) instead of turning into a 401.
	 */
	private static void authorize(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
			boolean protectMetrics) {
		requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(EndpointRequest.to("health", "info"), EndpointRequest.toLinks())
			.permitAll();
		if (!protectMetrics) {
			requests.requestMatchers(EndpointRequest.to("prometheus", "metrics")).permitAll();
		}
		requests.anyRequest().authenticated();
	}

}
