package dev.switchboard.admin;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The operator endpoint and the management port it is served on,
 * {@code switchboard.admin.*}. README "Configuration" lists them.
 *
 * @param maxAnnounceBytes longest announce text, in UTF-8 bytes once sanitised; the
 * default is a chat line's default limit, so an announce is never longer than a line a
 * user may send
 * @param maxRequestSize largest request body the management port reads; a larger one gets
 * 413 before it is read
 * @param username the operator's user name for HTTP Basic
 * @param password the operator's password, plain or as a hash with its algorithm
 * ({@code {bcrypt}...}); none (the default) means nobody can log in. Never logged, and
 * left out of {@link #toString()}
 * @param protectMetrics whether {@code /actuator/prometheus} and
 * {@code /actuator/metrics} need the operator's credentials too
 * @param maxFailedLogins failed logins from one address within {@code failedLoginWindow}
 * after which its further attempts get 429 until the window passes
 * @param failedLoginWindow how long failed logins from one address are remembered, from
 * the first
 * @param failedLoginAddresses most addresses whose failed logins are remembered at once
 */
@Validated
@ConfigurationProperties("switchboard.admin")
record AdminProperties(@DefaultValue("4096B") DataSize maxAnnounceBytes, @DefaultValue("64KB") DataSize maxRequestSize,
		@DefaultValue("admin") @NotBlank String username, @Nullable String password,
		@DefaultValue("false") boolean protectMetrics, @DefaultValue("10") @Min(1) int maxFailedLogins,
		@DefaultValue("1m") Duration failedLoginWindow, @DefaultValue("10000") @Min(1) int failedLoginAddresses) {

	@AssertTrue(message = "max-announce-bytes must be at least 1B")
	boolean isMaxAnnounceBytesPositive() {
		return this.maxAnnounceBytes.toBytes() > 0;
	}

	@AssertTrue(message = "max-request-size must be at least 1B")
	boolean isMaxRequestSizePositive() {
		return this.maxRequestSize.toBytes() > 0;
	}

	@AssertTrue(message = "failed-login-window must be positive")
	boolean isFailedLoginWindowPositive() {
		return this.failedLoginWindow.isPositive();
	}

	boolean hasPassword() {
		return this.password != null && !this.password.isBlank();
	}

	/** Says whether a password is set, never what it is. */
	@Override
	public String toString() {
		return "AdminProperties[maxAnnounceBytes=" + this.maxAnnounceBytes + ", maxRequestSize=" + this.maxRequestSize
				+ ", username=" + this.username + ", password=" + (hasPassword() ? "(set)" : "(none)")
				+ ", protectMetrics=" + this.protectMetrics + ", maxFailedLogins=" + this.maxFailedLogins
				+ ", failedLoginWindow=" + this.failedLoginWindow + ", failedLoginAddresses="
				+ this.failedLoginAddresses + "]";
	}

}
