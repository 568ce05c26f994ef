package dev.switchboard.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The management port's answer to a request without valid credentials: 401 with
 * {@code WWW-Authenticate: Basic realm="switchboard"} and a JSON {@code error} saying
 * which settings hold them. Written here rather than through {@code sendError}, so no
 * client (a browser included) is ever sent an HTML page or a redirect.
 */
final class BasicChallenge implements AuthenticationEntryPoint {

	static final String REALM = "switchboard";

	private static final byte[] BODY = ("{\"error\":\"This needs HTTP Basic credentials: the user "
			+ "switchboard.admin.username and the password switchboard.admin.password.\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(BODY.length);
		response.getOutputStream().write(BODY);
	}

}
