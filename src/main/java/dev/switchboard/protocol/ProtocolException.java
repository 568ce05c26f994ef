package dev.switchboard.protocol;

/**
 * A client mistake that becomes one error line; the connection stays open. The message is
 * shown to the user as is, so it says what to do instead.
 */
public class ProtocolException extends RuntimeException {

	private final ErrorCode code;

	public ProtocolException(ErrorCode code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

}
