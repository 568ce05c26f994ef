package dev.switchboard.routing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.session.CloseReason;
import dev.switchboard.session.Outbound;
import org.jspecify.annotations.Nullable;

/** An {@link Outbound} that remembers what was sent, for tests without sockets. */
public final class RecordingOutbound implements Outbound {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final boolean encrypted;

	private volatile @Nullable CloseReason closed;

	public RecordingOutbound() {
		this(false);
	}

	/**
	 * @param encrypted what {@link #isEncrypted()} answers: as if on the TLS listener
	 */
	public RecordingOutbound(boolean encrypted) {
		this.encrypted = encrypted;
	}

	@Override
	public boolean isEncrypted() {
		return this.encrypted;
	}

	@Override
	public boolean send(OutboundFrame frame) {
		for (String line : new String(frame.bytes(), StandardCharsets.UTF_8).split("\r\n")) {
			this.lines.add(line);
		}
		return this.closed == null;
	}

	@Override
	public void close(CloseReason reason) {
		if (this.closed == null) {
			this.closed = reason;
		}
	}

	@Override
	public void close(CloseReason reason, OutboundFrame last) {
		send(last);
		close(reason);
	}

	@Override
	public void close(CloseReason reason, OutboundFrame last, java.time.Duration flushWithin) {
		send(last);
		close(reason);
	}

	@Override
	public boolean isClosed() {
		return this.closed != null;
	}

	@Override
	public void whenCaughtUp(java.util.function.LongFunction<OutboundFrame> missedReport) {
	}

	@Override
	public long bytesReceived() {
		return 0;
	}

	@Override
	public long bytesSent() {
		return 0;
	}

	@Override
	public long queuedBytes() {
		return 0;
	}

	List<String> lines() {
		return this.lines;
	}

	String last() {
		return this.lines.getLast();
	}

	@Nullable CloseReason closed() {
		return this.closed;
	}

}
