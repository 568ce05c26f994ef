package dev.switchboard.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * An operator call that cannot be carried out as asked. It becomes a 4xx response whose
 * JSON {@code error} says what to send instead; like a client's
 * {@link dev.switchboard.protocol.ProtocolException} it is an expected outcome, so it has
 * no stack trace and is never logged as an error.
 */
final class OperatorMistake extends RuntimeException {

	private final int status;

	private final Map<String, Object> details;

	private OperatorMistake(int status, String message, Map<String, Object> details) {
		super(message, null, false, false);
		this.status = status;
		this.details = details;
	}

	static OperatorMistake badRequest(String message) {
		return new OperatorMistake(WebEndpointResponse.STATUS_BAD_REQUEST, message, Map.of());
	}

	/**
	 * @param details fields the body carries after {@code error}, in this order
	 */
	static OperatorMistake notFound(String message, Map<String, Object> details) {
		return new OperatorMistake(WebEndpointResponse.STATUS_NOT_FOUND, message, details);
	}

	WebEndpointResponse<Map<String, Object>> response() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", getMessage());
		body.putAll(this.details);
		return new WebEndpointResponse<>(body, this.status);
	}

}
