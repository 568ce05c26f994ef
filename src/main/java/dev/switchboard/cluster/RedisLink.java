package dev.switchboard.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * This node's three connections to Redis, through Lettuce: one for commands (leases,
 * membership, lookups), one for publishing (auto-flush off: the publisher flushes once
 * per batch), one subscribed to channels. Lettuce reconnects each by itself, at most a
 * second apart; while one is down its commands are refused at once
 * ({@code REJECT_COMMANDS}) rather than queued without bound. A node that cannot reach
 * Redis at start keeps trying in the background and serves its own users meanwhile.
 */
final class RedisLink implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisLink.class);

	private static final RedisCodec<String, byte[]> BYTES = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	/** What the link tells its owner. */
	interface Listener {

		/**
		 * A message on a subscribed channel; called on a Lettuce I/O thread: be quick.
		 */
		void message(String channel, byte[] message);

		/** Every connection is (again) up, after being down since {@code downSince}. */
		void connected(long downSince);

		/**
		 * A channel was (re)subscribed, on the subscriber's I/O thread, before any
		 * message on it from this subscription.
		 */
		default void subscribed(String channel) {
		}

	}

	private final ClusterProperties properties;

	private final ClientResources resources;

	private final RedisClient client;

	private final Listener listener;

	private final AtomicLong downSince = new AtomicLong(System.currentTimeMillis());

	private volatile @Nullable StatefulRedisConnection<String, String> commands;

	private volatile @Nullable StatefulRedisConnection<String, byte[]> publisher;

	private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;

	private volatile boolean closed;

	private volatile boolean degraded;

	private volatile @Nullable Thread monitor;

	RedisLink(ClusterProperties properties, Listener listener) {
		this.properties = properties;
		this.listener = listener;
		this.resources = ClientResources.builder()
			.ioThreadPoolSize(2)
			.computationThreadPoolSize(2)
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.build();
		RedisURI uri = RedisURI.create(properties.redisUrl());
		uri.setTimeout(properties.commandTimeout());
		this.client = RedisClient.create(this.resources, uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.requestQueueSize(properties.publishQueue())
			.protocolVersion(ProtocolVersion.RESP2)
			.timeoutOptions(TimeoutOptions.builder().timeoutSource(new NoTimeoutForPublishes(properties)).build())
			// A publish cut off by a lost connection is not sent again on reconnect: it
			// may
			// have been delivered already (a duplicate line), and it is counted as lost.
			.replayFilter((command) -> command.getType() == CommandType.SPUBLISH)
			.socketOptions(SocketOptions.builder()
				.connectTimeout(Duration.ofSeconds(1))
				.keepAlive(SocketOptions.KeepAliveOptions.builder()
					.enable()
					.idle(Duration.ofSeconds(5))
					.interval(Duration.ofSeconds(1))
					.count(3)
					.build())
				.build())
			.build());
		// Every connection that goes inactive marks the link down (the watcher also
		// notices, but a reconnect can be quicker than its next look).
		this.resources.eventBus()
			.get()
			.filter((event) -> event instanceof ConnectionDeactivatedEvent)
			.subscribe((event) -> markDown());
	}

	/** Connects in the background, and watches the connections until closed. */
	void start() {
		this.closed = false;
		this.monitor = Thread.ofPlatform().daemon().name("cluster-link").start(this::watch);
	}

	private void watch() {
		long delay = 50;
		while (!this.closed) {
			try {
				if (openMissing()) {
					delay = 50;
					if (!allOpen()) {
						markDown();
					}
					long down = this.downSince.get();
					if (down != 0 && allOpen() && this.downSince.compareAndSet(down, 0)) {
						this.listener.connected(down);
					}
				}
				Thread.sleep(delay);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				markDown();
				logger.warn("Cannot reach Redis at " + safeUrl() + " (" + causes(ex) + "); retrying", null);
				delay = Math.min(1000, delay * 2);
				try {
					Thread.sleep(delay);
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	/** Opens the connections not made yet; Lettuce keeps made ones alive itself. */
	private boolean openMissing() {
		if (this.commands == null) {
			this.commands = this.client.connect(StringCodec.UTF8);
		}
		if (this.publisher == null) {
			StatefulRedisConnection<String, byte[]> connection = this.client.connect(BYTES);
			connection.setAutoFlushCommands(false);
			this.publisher = connection;
		}
		if (this.subscriber == null) {
			StatefulRedisPubSubConnection<String, byte[]> connection = this.client.connectPubSub(BYTES);
			connection.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void smessage(String channel, byte[] message) {
					RedisLink.this.listener.message(channel, message);
				}

				@Override
				public void ssubscribed(String channel, long count) {
					RedisLink.this.listener.subscribed(channel);
				}
			});
			this.subscriber = connection;
		}
		return true;
	}

	private boolean allOpen() {
		var c = this.commands;
		var p = this.publisher;
		var s = this.subscriber;
		return c != null && c.isOpen() && p != null && p.isOpen() && s != null && s.isOpen();
	}

	private void markDown() {
		this.downSince.compareAndSet(0, System.currentTimeMillis());
	}

	/**
	 * @return true while every connection is up (Redis may still be slow)
	 */
	boolean isUp() {
		return this.downSince.get() == 0 && allOpen();
	}

	/**
	 * @return the command API, or {@code null} before the first connection
	 */
	@Nullable RedisClusterAsyncCommands<String, String> commands() {
		var connection = this.commands;
		return (connection != null) ? connection.async() : null;
	}

	/**
	 * Publishes on a shard channel ({@code SPUBLISH}: on a Redis Cluster only the nodes
	 * serving the channel's slot carry it); sent with the next {@link #flush}.
	 * @return the number of subscribers that got it, or {@code null} if not connected
	 */
	@Nullable RedisFuture<Long> publish(String channel, byte[] message) {
		var connection = this.publisher;
		return (connection != null) ? connection.async().spublish(channel, message) : null;
	}

	void flush() {
		var connection = this.publisher;
		if (connection != null) {
			connection.flushCommands();
		}
	}

	/**
	 * Subscribes to shard channels ({@code SSUBSCRIBE}).
	 * @return the pending acknowledgement, or {@code null} if not connected
	 */
	@Nullable RedisFuture<Void> subscribe(String... channels) {
		var connection = this.subscriber;
		return (connection != null) ? connection.async().ssubscribe(channels) : null;
	}

	@Nullable RedisFuture<Void> unsubscribe(String... channels) {
		var connection = this.subscriber;
		return (connection != null) ? connection.async().sunsubscribe(channels) : null;
	}

	/**
	 * Drops the subscriber connection and opens a new one (the caller subscribes again):
	 * for a subscriber that stopped receiving while everything else works. Users will be
	 * told that messages may have been lost since {@code silentSince} (epoch millis).
	 */
	void restartSubscriber(long silentSince) {
		var connection = this.subscriber;
		this.downSince.compareAndSet(0, silentSince);
		this.subscriber = null;
		if (connection != null) {
			connection.closeAsync();
		}
	}

	Duration timeout() {
		return this.properties.commandTimeout();
	}

	/**
	 * Waits for a reply at most the command timeout; at once fails while the link is
	 * known to be degraded (down, or Redis not answering), so that a frozen Redis costs a
	 * user's command one timeout at most, not one per call.
	 * @throws Unavailable if there is no reply
	 */
	<T> T await(java.util.concurrent.@Nullable CompletionStage<T> reply) {
		if (this.degraded || this.downSince.get() != 0) {
			throw new Unavailable("Redis is unreachable", null);
		}
		try {
			return Unavailable.await(reply, this.properties.commandTimeout());
		}
		catch (Unavailable ex) {
			if (ex.getCause() instanceof java.util.concurrent.TimeoutException) {
				this.degraded = true;
			}
			throw ex;
		}
	}

	/** Whether Redis is known not to answer (set by a timeout, cleared by the node). */
	void degraded(boolean degraded) {
		this.degraded = degraded;
	}

	String safeUrl() {
		RedisURI uri = RedisURI.create(this.properties.redisUrl());
		return uri.getHost() + ":" + uri.getPort();
	}

	/** Closes the connections; {@link #start} opens them again. */
	void stop() {
		this.closed = true;
		Thread thread = this.monitor;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		markDown();
		for (var connection : new AutoCloseable[] { this.subscriber, this.publisher, this.commands }) {
			if (connection != null) {
				try {
					connection.close();
				}
				catch (Exception ex) {
					logger.debug("Closing a Redis connection failed", ex);
				}
			}
		}
		this.subscriber = null;
		this.publisher = null;
		this.commands = null;
	}

	@Override
	public void close() {
		stop();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	/** The chain of causes, for a log line that says why (DNS, refused, timed out). */
	private static String causes(Throwable failure) {
		StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
		for (Throwable cause = failure.getCause(); cause != null
				&& cause != cause.getCause(); cause = cause.getCause()) {
			text.append(": ").append(cause.getClass().getSimpleName()).append(' ').append(cause.getMessage());
		}
		return text.toString();
	}

	/**
	 * Every command times out after the command timeout, except publishes: a publish that
	 * timed out could still run when a frozen Redis wakes up, so it would be counted as
	 * lost yet arrive. Publishes wait instead, bounded in bytes by the backplane
	 * ({@code publish-buffer}), and fail only with their connection.
	 */
	private static final class NoTimeoutForPublishes extends TimeoutOptions.TimeoutSource {

		private final long timeoutNanos;

		NoTimeoutForPublishes(ClusterProperties properties) {
			this.timeoutNanos = properties.commandTimeout().toNanos();
		}

		@Override
		public long getTimeout(RedisCommand<?, ?, ?> command) {
			return (command.getType() == CommandType.SPUBLISH) ? 0 : this.timeoutNanos;
		}

		@Override
		public TimeUnit getTimeUnit() {
			return TimeUnit.NANOSECONDS;
		}

	}

}
