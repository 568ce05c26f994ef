package dev.switchboard.protocol;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * One event on its way to any number of recipients, encoded at most once per
 * {@link OutputFormat}: every recipient of the same format gets the very same byte array.
 * Safe to share between threads; if two threads race to encode, both produce equal bytes
 * and one copy wins.
 */
public final class Delivery {

	private static final OutputFormat[] FORMATS = OutputFormat.values();

	private final Event event;

	private final long timestamp;

	private final long originNanos;

	// One slot per OutputFormat, filled on first use.
	private final AtomicReferenceArray<@Nullable OutboundFrame> frames = new AtomicReferenceArray<>(FORMATS.length);

	public Delivery(Event event, long timestamp) {
		this.event = event;
		this.timestamp = timestamp;
		this.originNanos = System.nanoTime();
	}

	public static Delivery of(Event event) {
		return new Delivery(event, System.currentTimeMillis());
	}

	public Event event() {
		return this.event;
	}

	public byte[] bytes(OutputFormat format) {
		return frame(format).bytes();
	}

	/** The encoded frame every recipient in this format shares. */
	public OutboundFrame frame(OutputFormat format) {
		OutboundFrame frame = this.frames.get(format.ordinal());
		if (frame == null) {
			frame = new OutboundFrame(encode(format), this.originNanos);
			this.frames.set(format.ordinal(), frame);
		}
		return frame;
	}

	private byte[] encode(OutputFormat format) {
		return switch (format) {
			case TEXT -> TextEncoder.encode(this.event);
			case JSON -> JsonEncoder.encode(this.event, this.timestamp);
			case IRC -> IrcEncoder.encode(this.event, null);
			case IRC_TIMED -> IrcEncoder.encode(this.event, this.timestamp);
		};
	}

}
