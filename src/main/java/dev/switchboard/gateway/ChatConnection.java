package dev.switchboard.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.LineFramer;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.session.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * A stock {@link TcpNetConnection} (one virtual reader thread, ordered reads, Spring
 * Integration events and inbound adapter) with three things changed: reads go through a
 * per-connection {@link LineFramer} (bulk reads, LF/CRLF, telnet, limits while streaming)
 * instead of a stateless deserializer that reads a byte per syscall; writes go through an
 * {@link Outbox} instead of a blocking {@code send}; and a connection over the limit is
 * told so and closed before it is announced.
 */
final class ChatConnection extends TcpNetConnection {

	private static final Log logger = LogFactory.getLog(ChatConnection.class);

	/** How long the sniff waits for more after a client's first bytes. */
	static final long FOLLOW_MILLIS = 50;

	/**
	 * The longest a connection that is refused anyway (over a limit) may take for its TLS
	 * handshake, after which it is told why inside TLS: refused connections hold no slot,
	 * so they must not hold a descriptor for the whole handshake timeout either.
	 */
	static final long REFUSAL_HANDSHAKE_NANOS = 2_000_000_000L;

	/** What a client that sends plain text to the TLS port is told. */
	static final String NOT_TLS = "This is a Switchboard TLS port: connect with a TLS client (openssl s_client,"
			+ " ncat --ssl, socat OPENSSL:), or use the plain chat port with nc or telnet. Closing.";

	private final Socket socket;

	private final Wire wire;

	private final LineFramer framer;

	private final LineDeadline deadline;

	private final Outbox outbox;

	private final ConnectionLimit limit;

	// Set by the reader thread once a proxied connection's PROXY header is read, before
	// anything else reads it there; read by close() on any thread.
	private volatile ConnectionLimit.Admission admission;

	/**
	 * Whether the connection comes from a trusted proxy and must start with a PROXY
	 * header.
	 */
	private final boolean proxied;

	private final long proxyHeaderMillis;

	/** The client's address: the socket's, or the one a trusted proxy's header gave. */
	private volatile InetAddress client;

	private volatile int clientPort;

	/** Whether the per-address count (and budget) of {@link #client} is held. */
	private volatile boolean addressHeld;

	/** Whether {@code connections.active} counts it (what {@code opened} was told). */
	private final boolean countedActive;

	// Orders a proxied connection's admission by address against its close.
	private final Object admissionLock = new Object();

	private final int sniffMillis;

	private final String drainMessage;

	private final long flushGraceMillis;

	private final AtomicBoolean released = new AtomicBoolean();

	private volatile @Nullable CloseReason closeReason;

	private final ListenerMetrics metrics;

	private final LiveConnections live;

	private final ThrottledInput input;

	private final AddressBudgets budgets;

	private volatile AddressBudgets.@Nullable Budget budget;

	// Guarded by itself: orders the open and close events (see
	// publishConnectionOpenEvent).
	private final Object events = new Object();

	private EventPhase phase = EventPhase.NEW;

	private boolean closeDeferred;

	private Arrival arrival = (id, address, outbound) -> {
	};

	ChatConnection(Socket socket, Wire wire, @Nullable ApplicationEventPublisher events, @Nullable String factoryName,
			ChatConnectionSupport.Settings settings, ThreadFactory writers, ListenerMetrics metrics,
			LiveConnections live, ConnectionLimit limit, ConnectionLimit.Admission admission, AddressBudgets budgets,
			boolean proxied) throws IOException {
		super(socket, true, false, events, factoryName);
		this.proxied = proxied;
		this.client = socket.getInetAddress();
		this.clientPort = socket.getPort();
		this.wire = wire;
		GatewayProperties properties = settings.tcp();
		this.drainMessage = settings.drain().message();
		this.flushGraceMillis = settings.outbound().closeGrace().toMillis();
		this.socket = socket;
		this.limit = limit;
		this.admission = admission;
		this.sniffMillis = (int) properties.sniffWindow().toMillis();
		this.metrics = metrics;
		CountingInputStream in = new CountingInputStream(wire.input(), metrics);
		this.outbox = new Outbox(wire, in::count, writers, metrics, settings.outbound(), this::closeFromWriter);
		this.live = live;
		live.add(this);
		this.deadline = new LineDeadline(in, socket, properties.lineTimeout().toNanos());
		this.framer = new LineFramer(this.deadline, (int) properties.maxLineBytes().toBytes(),
				(int) properties.readBuffer().toBytes(), (reply) -> this.outbox.send(OutboundFrame.raw(reply)));
		this.deadline.watch(this.framer::midLine, this.framer::linesEnded);
		this.budgets = budgets;
		this.proxyHeaderMillis = properties.proxyHeaderTimeout().toMillis();
		this.addressHeld = admission == ConnectionLimit.Admission.ADMITTED && !proxied;
		this.budget = this.addressHeld ? budgets.acquire(this.client) : null;
		this.input = new ThrottledInput(this.framer, settings.input(), this.budget);
		this.countedActive = admission == ConnectionLimit.Admission.ADMITTED;
		metrics.opened(this.countedActive);
	}

	Outbox outbox() {
		return this.outbox;
	}

	// Set by the accept thread before the reader thread that opens it starts.
	void arrival(Arrival arrival) {
		this.arrival = arrival;
	}

	Arrival arrival() {
		return this.arrival;
	}

	/** The client socket (for its options). */
	Socket socket() {
		return this.socket;
	}

	/** Why the connection ended; {@code null} while open. */
	@Nullable CloseReason closeReason() {
		return this.closeReason;
	}

	/**
	 * None: SI's message mapper reads the local address from it for every inbound line
	 * ({@code ip_localInetAddress}), two {@code getsockname} system calls a line that
	 * nothing here reads (routing needs only the connection id).
	 */
	@Override
	public @Nullable SocketInfo getSocketInfo() {
		return null;
	}

	@Override
	public void run() {
		if (this.proxied && this.admission == ConnectionLimit.Admission.ADMITTED && !readProxyHeader()) {
			return;
		}
		boolean admitted = this.admission == ConnectionLimit.Admission.ADMITTED;
		Wire.Opening opening = this.wire.open(admitted ? Long.MAX_VALUE : REFUSAL_HANDSHAKE_NANOS);
		this.metrics.opening(opening);
		if (opening != Wire.Opening.OPEN) {
			unopened(opening);
		}
		else if (this.admission == ConnectionLimit.Admission.SERVER_FULL) {
			refuse(CloseReason.SERVER_FULL, "! Server full: too many connections. Try again later.");
		}
		else if (this.admission == ConnectionLimit.Admission.ADDRESS_FULL) {
			refuse(CloseReason.SERVER_FULL, "! Too many connections from your address (at most "
					+ this.limit.maxPerAddress() + "). Close one and try again.");
		}
		else if (sniff()) {
			if (this.limit.isIntakeClosed()) {
				// Accepted before a drain began and still in its sniff window: never
				// greeted, told like everyone else.
				refuse(CloseReason.SHUTDOWN, "* " + this.drainMessage);
			}
			else {
				this.deadline.start();
				super.run();
			}
		}
	}

	/**
	 * A connection from a trusted proxy: its PROXY header names the client, whose address
	 * is then counted against {@code max-connections-per-address} and used for everything
	 * else (logs, sessions, the operator endpoint). A header that is missing, malformed
	 * or late closes the connection with reason {@code protocol} or {@code timeout},
	 * without a line: the other end is a proxy, not a person.
	 * @return false if the connection was closed
	 */
	private boolean readProxyHeader() {
		java.net.InetSocketAddress source;
		try {
			this.socket.setSoTimeout((int) Math.max(1, this.proxyHeaderMillis));
			source = ProxyHeader.read(this.socket.getInputStream());
		}
		catch (ProxyHeader.MalformedHeader ex) {
			logger.debug("Closed a connection from proxy " + this.client.getHostAddress() + ": " + ex.getMessage());
			end(CloseReason.PROTOCOL);
			return false;
		}
		catch (SocketTimeoutException ex) {
			end(CloseReason.TIMEOUT);
			return false;
		}
		catch (IOException ex) {
			end(CloseReason.EOF);
			return false;
		}
		finally {
			clearTimeout();
		}
		synchronized (this.admissionLock) {
			if (this.released.get()) {
				return false;
			}
			if (source != null) {
				this.client = source.getAddress();
				this.clientPort = source.getPort();
			}
			this.admission = this.limit.tryAcquireAddress(this.client);
			this.addressHeld = this.admission == ConnectionLimit.Admission.ADMITTED;
			if (this.addressHeld) {
				this.budget = this.budgets.acquire(this.client);
				this.input.address(this.budget);
			}
		}
		return true;
	}

	/** The client's address: behind a trusted proxy, the one its PROXY header gave. */
	@Override
	public String getHostAddress() {
		return this.client.getHostAddress();
	}

	@Override
	public String getHostName() {
		return this.client.getHostAddress();
	}

	@Override
	public int getPort() {
		return this.clientPort;
	}

	/**
	 * The wire could not be opened (TLS port only): a client that spoke plain text, or
	 * said nothing at all, is told in plain text what this port is; a failed or timed-out
	 * handshake can be told nothing.
	 */
	private void unopened(Wire.Opening opening) {
		switch (opening) {
			case PLAINTEXT -> refuseInClear(CloseReason.PROTOCOL, "! " + NOT_TLS);
			case SILENT -> refuseInClear(CloseReason.TIMEOUT, "! No TLS handshake arrived in time. " + NOT_TLS);
			case TIMEOUT -> end(CloseReason.TIMEOUT);
			case FAILED -> end(CloseReason.PROTOCOL);
			default -> end(CloseReason.EOF);
		}
	}

	private void end(CloseReason reason) {
		recordReason(reason);
		close();
	}

	/**
	 * @return true if the client may be greeted; false if it was closed
	 */
	private boolean sniff() {
		if (this.sniffMillis <= 0) {
			return true;
		}
		try {
			this.socket.setSoTimeout(this.sniffMillis);
			if (!this.framer.prefetch()) {
				recordReason(CloseReason.EOF);
				close();
				return false;
			}
			readWhatFollows();
		}
		catch (SocketTimeoutException ex) {
			// Nothing yet: a person at a terminal, to be greeted.
		}
		catch (IOException ex) {
			recordReason(CloseReason.RESET);
			close();
			return false;
		}
		finally {
			clearTimeout();
		}
		String foreign = this.framer.foreignProtocol();
		if (foreign != null) {
			refuse(CloseReason.PROTOCOL, "! " + new InboundFrame.Foreign(foreign).explanation());
			return false;
		}
		return true;
	}

	/**
	 * A client that sent at once may be a program that sends and closes: wait up to
	 * {@link #FOLLOW_MILLIS} more for the rest of its input (and its end), so it is all
	 * read before the greeting is written (see {@link LineFramer#prefetchMore()}).
	 */
	private void readWhatFollows() throws IOException {
		long deadline = System.nanoTime() + Math.min(this.sniffMillis, FOLLOW_MILLIS) * 1_000_000L;
		try {
			long left;
			while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
				this.socket.setSoTimeout((int) left);
				if (!this.framer.prefetchMore()) {
					return;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			// Nothing more for now: an ordinary client.
		}
	}

	private void clearTimeout() {
		try {
			this.socket.setSoTimeout(0);
		}
		catch (SocketException ex) {
			logger.debug("Could not clear the read timeout", ex);
		}
	}

	/**
	 * Writes one line straight to the wire (inside TLS on the TLS port) and closes: no
	 * session was ever opened.
	 */
	private void refuse(CloseReason reason, String line) {
		recordReason(reason);
		try {
			this.wire.output().write((this.arrival.refusal(line) + "\r\n").getBytes(StandardCharsets.UTF_8));
			this.wire.finish();
		}
		catch (IOException ex) {
			logger.debug("Could not send the refusal line", ex);
		}
		close();
	}

	/**
	 * Writes one line to the socket outside TLS (to a client that does not speak it),
	 * then a FIN, and reads what else the client sent for up to {@link #FOLLOW_MILLIS}
	 * before closing: closing with unread input sends a reset, which can destroy the line
	 * before the client reads it.
	 */
	private void refuseInClear(CloseReason reason, String line) {
		recordReason(reason);
		try {
			this.socket.getOutputStream().write((this.arrival.refusal(line) + "\r\n").getBytes(StandardCharsets.UTF_8));
			this.socket.shutdownOutput();
			discardWhatFollows();
		}
		catch (IOException ex) {
			logger.debug("Refused in clear: " + ex.getMessage());
		}
		close();
	}

	private void discardWhatFollows() throws IOException {
		long deadline = System.nanoTime() + FOLLOW_MILLIS * 1_000_000L;
		byte[] discard = new byte[1024];
		long left;
		while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
			this.socket.setSoTimeout((int) left);
			if (this.socket.getInputStream().read(discard) < 0) {
				return;
			}
		}
	}

	@Override
	public Object getPayload() {
		try {
			return this.input.next();
		}
		catch (LineDeadline.Expired ex) {
			// Once: the session queues the error line and the close; the writer closes
			// the
			// socket once the line is out, and reads go on without a deadline until then.
			this.deadline.stop();
			recordReason(CloseReason.TIMEOUT);
			return new InboundFrame.LineTimeout(ex.seconds());
		}
		catch (IOException ex) {
			CloseReason reason = (ex instanceof EOFException) ? CloseReason.EOF : CloseReason.RESET;
			if (!(ex instanceof EOFException) && !(ex instanceof SocketException)) {
				logger.debug("Read failed on " + getConnectionId(), ex);
			}
			// A close already under way (/quit, a kick, a cut) keeps its own reason.
			if (!this.outbox.isClosed()) {
				recordReason(reason);
			}
			if (reason == CloseReason.EOF) {
				flushBeforeClosing();
			}
			throw new SoftEndOfStreamException(reason.wire(), ex);
		}
	}

	/**
	 * The client closed its sending side, but may still read (a half-close, as
	 * {@code nc -q} and {@code shutdown(SHUT_WR)} do): what is queued for it is written
	 * first, for up to close-grace, before the connection closes.
	 */
	private void flushBeforeClosing() {
		this.outbox.close(CloseReason.EOF);
		try {
			this.outbox.awaitDone(this.flushGraceMillis + 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A failed write means the peer is gone, but what it sent before it went may still be
	 * waiting to be handled (a program that sends its lines and closes at once): only the
	 * sending side is shut here, and the reader closes the connection when it reaches the
	 * end of the input, which comes at once for a peer that reset. The outbox's watchdog
	 * closes it anyway after {@code close-grace}.
	 */
	private void closeFromWriter(CloseReason reason, @Nullable IOException failure) {
		recordReason(reason);
		if (failure == null) {
			close();
			return;
		}
		logger.debug("Write failed on " + getConnectionId() + ": " + failure);
		try {
			this.socket.shutdownOutput();
		}
		catch (IOException ex) {
			close();
		}
	}

	private void recordReason(CloseReason reason) {
		if (this.closeReason == null) {
			this.closeReason = reason;
		}
	}

	/**
	 * The open event creates the session (on this reader thread); the close event frees
	 * it (on whichever thread closed). They must never overlap or come in the wrong
	 * order: a close that arrives while the open event runs is published right after it,
	 * and a connection closed before its open event never gets one, so no session is ever
	 * created for a closed connection or left behind by one.
	 */
	@Override
	protected void publishConnectionOpenEvent() {
		synchronized (this.events) {
			if (this.phase != EventPhase.NEW) {
				return;
			}
			this.phase = EventPhase.OPENING;
		}
		try {
			super.publishConnectionOpenEvent();
		}
		finally {
			boolean deferred;
			synchronized (this.events) {
				this.phase = EventPhase.OPEN;
				deferred = this.closeDeferred;
			}
			if (deferred) {
				super.publishConnectionCloseEvent();
			}
		}
	}

	@Override
	protected void publishConnectionCloseEvent() {
		synchronized (this.events) {
			if (this.phase == EventPhase.OPENING) {
				this.closeDeferred = true;
				return;
			}
			if (this.phase == EventPhase.NEW) {
				this.phase = EventPhase.CLOSED_BEFORE_OPEN;
			}
		}
		super.publishConnectionCloseEvent();
	}

	private enum EventPhase {

		NEW, OPENING, OPEN, CLOSED_BEFORE_OPEN

	}

	/**
	 * Called by the watchdog about once a second: a TLS handshake past its deadline is
	 * closed, then the outbox checks its writes and its pending close.
	 */
	void check(long nowNanos) {
		if (this.wire.overdue(nowNanos)) {
			recordReason(CloseReason.TIMEOUT);
			close();
			return;
		}
		this.outbox.check(nowNanos);
	}

	/**
	 * The first caller does all of it; a later or concurrent caller (the writer failing
	 * because the watchdog closed the socket under it) returns at once, so the close
	 * event, and every quit line it causes, comes after the close is counted.
	 */
	@Override
	public void close() {
		recordReason(CloseReason.EOF);
		if (!this.released.compareAndSet(false, true)) {
			return;
		}
		this.live.remove(this);
		this.outbox.terminate();
		boolean admitted;
		synchronized (this.admissionLock) {
			admitted = this.admission == ConnectionLimit.Admission.ADMITTED;
			if (admitted && this.addressHeld) {
				this.limit.release(this.client);
			}
			else if (admitted) {
				// A proxied connection closed before its header named the client.
				this.limit.releaseGlobal();
			}
			if (this.budget != null) {
				this.budgets.release(this.client);
			}
		}
		CloseReason reason = this.closeReason;
		this.metrics.closed((reason != null) ? reason : CloseReason.EOF, this.countedActive);
		super.close();
	}

}
