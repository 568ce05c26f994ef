package dev.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import jdk.net.ExtendedSocketOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * Creates a {@link ChatConnection} per socket one listener accepts, admitting it if under
 * the limits (shared by every listener: one process, one descriptor budget) and carrying
 * its bytes with the listener's {@link Transport}.
 */
final class ChatConnectionSupport implements TcpNetConnectionSupport {

	private static final Log logger = LogFactory.getLog(ChatConnectionSupport.class);

	/** The settings every connection reads. */
	record Settings(GatewayProperties tcp, OutboundProperties outbound, InputProperties input, DrainProperties drain) {
	}

	private final Settings settings;

	private final ThreadFactory writers;

	private final ConnectionLimit limit;

	private final ListenerMetrics metrics;

	private final Transport transport;

	private final LiveConnections live;

	private final AddressBudgets budgets;

	private final Arrival arrival;

	private final AtomicBoolean keepaliveWarned = new AtomicBoolean();

	private final TrustedProxies proxies;

	ChatConnectionSupport(Settings settings, ThreadFactory writers, ConnectionLimit limit, ListenerMetrics metrics,
			Transport transport, LiveConnections live, AddressBudgets budgets, Arrival arrival) {
		this.arrival = arrival;
		this.proxies = new TrustedProxies(settings.tcp().trustedProxies());
		this.transport = transport;
		this.budgets = budgets;
		this.settings = settings;
		this.live = live;
		this.writers = writers;
		this.limit = limit;
		this.metrics = metrics;
	}

	/**
	 * Tunes TCP keepalive (on for every connection) so a vanished peer is found in about
	 * idle + interval x count (two minutes by default) instead of the kernel's two hours.
	 */
	private void keepalive(Socket socket) {
		GatewayProperties tcp = this.settings.tcp();
		if (tcp.keepaliveIdle().isZero()) {
			return;
		}
		try {
			socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) Math.max(1, tcp.keepaliveIdle().toSeconds()));
			socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL,
					(int) Math.max(1, tcp.keepaliveInterval().toSeconds()));
			socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, tcp.keepaliveCount());
		}
		catch (IOException | UnsupportedOperationException ex) {
			if (this.keepaliveWarned.compareAndSet(false, true)) {
				logger.warn("Could not tune TCP keepalive from switchboard.tcp.keepalive-* (" + ex
						+ "); the kernel's defaults apply");
			}
		}
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher events, @Nullable String factoryName) {
		keepalive(socket);
		// Behind a trusted proxy the client's address is known once its PROXY header is
		// read
		// (ChatConnection), and only then counted per address.
		boolean proxied = this.proxies.trusts(socket.getInetAddress());
		ConnectionLimit.Admission admission = proxied ? this.limit.tryAcquireGlobal()
				: this.limit.tryAcquire(socket.getInetAddress());
		try {
			ChatConnection connection = new ChatConnection(socket, this.transport.wrap(socket), events, factoryName,
					this.settings, this.writers, this.metrics, this.live, this.limit, admission, this.budgets, proxied);
			connection.arrival(this.arrival);
			return connection;
		}
		catch (IOException ex) {
			if (admission == ConnectionLimit.Admission.ADMITTED && proxied) {
				this.limit.releaseGlobal();
			}
			else if (admission == ConnectionLimit.Admission.ADMITTED) {
				this.limit.release(socket.getInetAddress());
			}
			throw new UncheckedIOException(ex);
		}
	}

}
