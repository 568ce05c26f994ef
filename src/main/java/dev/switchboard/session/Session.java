package dev.switchboard.session;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.OutputFormat;
import org.jspecify.annotations.Nullable;

/**
 * One connected user. Commands for a session run one at a time on its connection's reader
 * thread, which is the only writer of its fields; other threads (fan-out, /who, the
 * registry) read them, hence {@code volatile} and a copy-on-write room list. See
 * docs/CONCURRENCY.md.
 */
public final class Session {

	private final String connectionId;

	private final String remoteAddress;

	private final Instant connectedAt;

	private final Outbound outbound;

	private final List<String> rooms = new CopyOnWriteArrayList<>();

	private volatile String nick;

	private volatile @Nullable String currentRoom;

	private volatile OutputFormat format = OutputFormat.TEXT;

	private volatile boolean closing;

	private volatile @Nullable String quitMessage;

	public Session(String connectionId, String remoteAddress, String nick, Outbound outbound) {
		this.connectionId = connectionId;
		this.remoteAddress = remoteAddress;
		this.connectedAt = Instant.now();
		this.nick = nick;
		this.outbound = outbound;
	}

	/**
	 * Queues the delivery in this session's format; does nothing once the session is
	 * closing.
	 * @return true if it was queued
	 */
	public boolean deliver(Delivery delivery) {
		return !this.closing && this.outbound.send(delivery.frame(this.format));
	}

	/** Sends what is queued, then closes; further deliveries are dropped. */
	public void close(CloseReason reason) {
		this.closing = true;
		this.outbound.close(reason);
	}

	public @Nullable String quitMessage() {
		return this.quitMessage;
	}

	public void quitMessage(@Nullable String message) {
		this.quitMessage = message;
	}

	public boolean isClosing() {
		return this.closing;
	}

	public String connectionId() {
		return this.connectionId;
	}

	public String remoteAddress() {
		return this.remoteAddress;
	}

	public Instant connectedAt() {
		return this.connectedAt;
	}

	public String nick() {
		return this.nick;
	}

	public void nick(String nick) {
		this.nick = nick;
	}

	public OutputFormat format() {
		return this.format;
	}

	public void format(OutputFormat format) {
		this.format = format;
	}

	/** Keys of the rooms this session is in, oldest join first. */
	public List<String> rooms() {
		return List.copyOf(this.rooms);
	}

	public boolean isIn(String roomKey) {
		return this.rooms.contains(roomKey);
	}

	public void joined(String roomKey) {
		if (!this.rooms.contains(roomKey)) {
			this.rooms.add(roomKey);
		}
		this.currentRoom = roomKey;
	}

	/**
	 * Forgets the room; if it was current, the most recently joined other room becomes
	 * current.
	 */
	public void left(String roomKey) {
		this.rooms.remove(roomKey);
		if (roomKey.equals(this.currentRoom)) {
			this.currentRoom = this.rooms.isEmpty() ? null : this.rooms.getLast();
		}
	}

	public @Nullable String currentRoom() {
		return this.currentRoom;
	}

	public long bytesReceived() {
		return this.outbound.bytesReceived();
	}

	public long bytesSent() {
		return this.outbound.bytesSent();
	}

	public long queuedBytes() {
		return this.outbound.queuedBytes();
	}

}
