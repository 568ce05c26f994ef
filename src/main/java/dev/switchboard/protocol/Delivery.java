package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One event on its way to any number of recipients, encoded at most once per
 * {@link OutputFormat}: every recipient of the same format gets the very same byte array.
 * Safe to share between threads; if two threads race to encode, both produce equal bytes
 * and one copy wins.
 */
public final class Delivery {

	private final Event event;

	private final long timestamp;

	private final long originNanos;

	private volatile @Nullable OutboundFrame text;

	private volatile @Nullable OutboundFrame json;

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
		return (format == OutputFormat.JSON) ? json() : text();
	}

	private OutboundFrame text() {
		OutboundFrame frame = this.text;
		if (frame == null) {
			frame = new OutboundFrame(TextEncoder.encode(this.event), this.originNanos);
			this.text = frame;
		}
		return frame;
	}

	private OutboundFrame json() {
		OutboundFrame frame = this.json;
		if (frame == null) {
			frame = new OutboundFrame(JsonEncoder.encode(this.event, this.timestamp), this.originNanos);
			this.json = frame;
		}
		return frame;
	}

}
