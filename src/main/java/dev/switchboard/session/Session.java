package dev.switchboard.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.OutputFormat;
import org.jspecify.annotations.Nullable;

/**
 * One connected user. Commands for a session run one at a time on its connection's reader
 * thread, which is the only writer of its fields; other threads (fan-out, /who, the
 * registry) read them, hence {@code volatile} and a copy-on-write room list. A close may
 * happen on any thread (the writer, the watchdog, an operator): commands run inside
 * {@link #act} and the cleanup inside {@link #end}, under the session's own lock, so the
 * cleanup never overlaps a command and no command runs after it. See docs/CONCURRENCY.md.
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

	private final ReentrantLock lock = new ReentrantLock();

	// Guarded by lock.
	private boolean ended;

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

	/**
	 * Runs a change to this session (a command) unless the session has ended or was
	 * closed by a command or an operator (/quit, a kick, a drain); the cleanup of
	 * {@link #end} waits for it. Lines read before a cut by the gateway (a slow consumer,
	 * a failed write) are still handled until the cleanup, so what a client sent before
	 * its connection failed is not lost; nothing runs after it.
	 * @return false if the change was not run
	 */
	public boolean act(Runnable change) {
		this.lock.lock();
		try {
			if (this.ended || this.closing) {
				return false;
			}
			change.run();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Ends the session: waits for a running command to finish, then runs the cleanup
	 * once. No {@link #act} runs after it.
	 * @return false if the session had already ended
	 */
	public boolean end(Runnable cleanup) {
		this.lock.lock();
		try {
			if (this.ended) {
				return false;
			}
			this.ended = true;
			this.closing = true;
			cleanup.run();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Sends what is queued, then closes; further deliveries are dropped. */
	public void close(CloseReason reason) {
		this.closing = true;
		this.outbound.close(reason);
	}

	/**
	 * Sends what is queued and then {@code last}, the last line this client gets (nothing
	 * delivered meanwhile comes after it), then closes.
	 */
	public void close(CloseReason reason, Delivery last) {
		this.closing = true;
		this.outbound.close(reason, last.frame(this.format));
	}

	/**
	 * Sends what is queued and then {@code last}, the last line this client gets, then
	 * closes, allowing the flush up to {@code flushWithin}.
	 */
	public void close(CloseReason reason, Delivery last, Duration flushWithin) {
		this.closing = true;
		this.outbound.close(reason, last.frame(this.format), flushWithin);
	}

	public @Nullable String quitMessage() {
		return this.quitMessage;
	}

	public void quitMessage(@Nullable String message) {
		this.quitMessage = message;
	}

	/**
	 * @return true once the session was closed for any reason, by any thread, including a
	 * cut by the slow-consumer policy in its outbound
	 */
	public boolean isClosing() {
		return this.closing || this.outbound.isClosed();
	}

	public String connectionId() {
		return this.connectionId;
	}

	public String remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * @return true when the connection is encrypted (see {@link Outbound#isEncrypted()})
	 */
	public boolean isEncrypted() {
		return this.outbound.isEncrypted();
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
