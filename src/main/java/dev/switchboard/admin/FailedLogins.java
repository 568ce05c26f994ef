package dev.switchboard.admin;

import java.time.Duration;

import dev.switchboard.throttle.FailedAttempts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every failed operator login is counted ({@code switchboard.admin.auth.failures}, reason
 * {@code bad_credentials}), logged once at WARN with the user name and remote address
 * only, never the password, and recorded in the {@link FailedAttempts}. An address stops
 * reaching authentication once it is blocked, so it adds at most
 * {@code max-failed-logins} lines to the log per window. Attempts refused by the throttle
 * are counted with reason {@code throttled} and not logged one by one.
 */
final class FailedLogins implements AuthenticationEventPublisher {

	private static final Logger log = LoggerFactory.getLogger(FailedLogins.class);

	private static final int MAX_LOGGED_NAME_CODE_POINTS = 64;

	static final String METER = "switchboard.admin.auth.failures";

	private final FailedAttempts throttle;

	private final Duration window;

	private final Counter badCredentials;

	private final Counter throttled;

	FailedLogins(FailedAttempts throttle, Duration window, MeterRegistry registry) {
		this.throttle = throttle;
		this.window = window;
		this.badCredentials = counter(registry, "bad_credentials");
		this.throttled = counter(registry, "throttled");
	}

	private static Counter counter(MeterRegistry registry, String reason) {
		return Counter.builder(METER)
			.description("Failed logins on the management port")
			.tag("reason", reason)
			.register(registry);
	}

	@Override
	public void publishAuthenticationSuccess(Authentication authentication) {
	}

	@Override
	public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
		this.badCredentials.increment();
		String address = address(authentication);
		String user = loggable(authentication.getName());
		int failures = this.throttle.fail(address);
		if (failures == 0) {
			log.warn("Failed operator login as '{}' from {} (too many addresses are tracked to throttle this one)",
					user, address);
		}
		else if (failures == this.throttle.maxFailures()) {
			log.warn(
					"Failed operator login as '{}' from {} ({} of {} within {}); its attempts now get 429 until {} "
							+ "after its first failure",
					user, address, failures, this.throttle.maxFailures(), seconds(this.window), seconds(this.window));
		}
		else {
			log.warn("Failed operator login as '{}' from {} ({} of {} within {})", user, address, failures,
					this.throttle.maxFailures(), seconds(this.window));
		}
	}

	/** A window as an operator reads it in the log: "60 s", not "PT1M". */
	private static String seconds(Duration window) {
		return window.toSeconds() + " s";
	}

	/**
	 * @return how long attempts from this address are still refused; zero if they are not
	 */
	Duration blockedFor(String address) {
		return this.throttle.blockedFor(address);
	}

	void refused() {
		this.throttled.increment();
	}

	private static String address(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) ? details.getRemoteAddress() : "an unknown address";
	}

	/** The name is the caller's text: sanitised so it cannot forge log lines. */
	private static String loggable(String name) {
		return OperatorText.clip(OperatorText.sanitize(name), MAX_LOGGED_NAME_CODE_POINTS);
	}

}
