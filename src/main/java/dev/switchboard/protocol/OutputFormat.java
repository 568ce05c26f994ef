package dev.switchboard.protocol;

/**
 * How the server writes lines to one session: for people, one JSON object per line, or
 * IRC messages (without or with the IRCv3 {@code server-time} tag). {@link Delivery}
 * encodes an event at most once per format.
 */
public enum OutputFormat {

	TEXT, JSON,

	/** RFC 1459/2812 messages, {@code :nick!user@host VERB params}. */
	IRC,

	/** IRC messages with an IRCv3 {@code @time=} tag ({@code server-time}). */
	IRC_TIMED;

	/**
	 * @return true for the IRC formats, whose clients keep their own idea of a current
	 * channel
	 */
	public boolean isIrc() {
		return this == IRC || this == IRC_TIMED;
	}

}
