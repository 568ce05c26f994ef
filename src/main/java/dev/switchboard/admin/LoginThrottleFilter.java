package dev.switchboard.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.throttle.FailedAttempts;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before HTTP Basic authentication: a request that carries credentials from an address
 * the {@link FailedAttempts} blocks gets 429 with {@code Retry-After}, right password or
 * not, and its credentials are never checked. Requests without credentials (the
 * platform's health probes) pass, so a blocked address still sees health and readiness.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

	private final FailedLogins failedLogins;

	LoginThrottleFilter(FailedLogins failedLogins) {
		this.failedLogins = failedLogins;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration blocked = hasBasicCredentials(request) ? this.failedLogins.blockedFor(request.getRemoteAddr())
				: Duration.ZERO;
		if (blocked.isPositive()) {
			this.failedLogins.refused();
			refuse(response, Math.max(1, (blocked.toMillis() + 999) / 1000));
		}
		else {
			chain.doFilter(request, response);
		}
	}

	private static boolean hasBasicCredentials(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
	}

	private static void refuse(HttpServletResponse response, long seconds) throws IOException {
		byte[] body = ("{\"error\":\"Too many failed logins from your address; try again in " + seconds
				+ " s (switchboard.admin.max-failed-logins, switchboard.admin.failed-login-window).\"}")
			.getBytes(StandardCharsets.UTF_8);
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
