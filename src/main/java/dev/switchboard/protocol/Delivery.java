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

	private volatile byte @Nullable [] text;

	private volatile byte @Nullable [] json;

	public Delivery(Event event, long timestamp) {
		this.event = event;
		this.timestamp = timestamp;
	}

	public static Delivery of(Event event) {
		return new Delivery(event, System.currentTimeMillis());
	}

	public Event event() {
		return this.event;
	}

	public byte[] bytes(OutputFormat format) {
		return (format == OutputFormat.JSON) ? json() : text();
	}

	private byte[] text() {
		byte[] bytes = this.text;
		if (bytes == null) {
			bytes = TextEncoder.encode(this.event);
			this.text = bytes;
		}
		return bytes;
	}

	private byte[] json() {
		byte[] bytes = this.json;
		if (bytes == null) {
			bytes = JsonEncoder.encode(this.event, this.timestamp);
			this.json = bytes;
		}
		return bytes;
	}

}
