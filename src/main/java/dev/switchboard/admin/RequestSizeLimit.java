package dev.switchboard.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body on the management port
 * ({@code switchboard.admin.max-request-size}): a larger one gets 413 with a JSON
 * {@code error} and is never read in full. A Content-Length over the limit is refused
 * before any of the body is read. A body without one (chunked) is read here up to one
 * byte past the limit: past it, 413; within it, the rest of the chain reads it from
 * memory. Wrapping the stream alone so that reading past the limit fails is not enough:
 * the JSON converter turns that failure into a 400.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

	private final int limit;

	private final byte[] refusal;

	RequestSizeLimit(long limit) {
		this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 1);
		this.refusal = ("{\"error\":\"The request body is over the limit of " + limit
				+ " bytes (switchboard.admin.max-request-size).\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > this.limit) {
			refuse(response);
		}
		else if (length >= 0) {
			chain.doFilter(request, response);
		}
		else {
			byte[] body = request.getInputStream().readNBytes(this.limit + 1);
			if (body.length > this.limit) {
				refuse(response);
			}
			else {
				chain.doFilter(new ReadBody(request, body), response);
			}
		}
	}

	/**
	 * Flushed at once, so the client has its answer before Tomcat discards what is left
	 * of the body (at most {@code server.tomcat.max-swallow-size}) and closes.
	 */
	private void refuse(HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(this.refusal.length);
		response.getOutputStream().write(this.refusal);
		response.flushBuffer();
	}

}
