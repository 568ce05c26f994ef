package dev.switchboard.protocol;

/**
 * Encoded bytes on their way out, with the {@link System#nanoTime()} at which the event
 * was created (0 for bytes that are not a delivery, such as telnet replies). One instance
 * is shared by every recipient of a delivery in the same format, so the writer can
 * measure delivery latency without a per-recipient object.
 *
 * @param bytes one or more complete CRLF-terminated lines (or raw telnet bytes)
 * @param originNanos when the event was created, or 0
 */
public record OutboundFrame(byte[] bytes, long originNanos) {

	/** Bytes with no delivery latency to measure. */
	public static OutboundFrame raw(byte[] bytes) {
		return new OutboundFrame(bytes, 0);
	}

}
