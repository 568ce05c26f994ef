package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
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
 * <p>
 * On a Redis Cluster ({@code redis-cluster-nodes}) the three are cluster connections:
 * commands and {@code SPUBLISH} go to the master that owns their key's or channel's slot,
 * {@code SSUBSCRIBE} too, one command per slot (Redis refuses one that spans slots).
 * Lettuce follows {@code MOVED}/{@code ASK} redirections and refreshes its view of the
 * slots (every 10 s, and at once on a redirection). When a slot moves to another master,
 * Redis unsubscribes the subscribers of its channels ({@code sunsubscribe}) and Lettuce
 * forgets them; the link subscribes to each again, at the new owner, off the I/O thread
 * and with bounded retries, after which it reconnects the subscriber.
 */
final class RedisLink implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisLink.class);

	private static final RedisCodec<String, byte[]> BYTES = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	/** Attempts to subscribe again to a channel whose slot moved, before giving up. */
	private static final int FOLLOW_ATTEMPTS = 10;

	/**
	 * On a Redis Cluster, how often the publisher is flushed anyway: a publish that Redis
	 * redirected ({@code MOVED}, {@code ASK}) is re-sent by Lettuce on the connection to
	 * the new owner, where, with auto-flush off, it would wait for the next batch.
	 */
	private static final long REDIRECT_FLUSH_MILLIS = 20;

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
		 * message on it from this subscription. Not called when the link subscribed again
		 * to a channel whose Redis Cluster slot moved: nothing was lost but what the
		 * room's sequence shows.
		 */
		default void subscribed(String channel) {
		}

		/**
		 * Redis Cluster moved the slot of subscribed channels to another master, and the
		 * link subscribed to them again there; called on a Lettuce I/O thread.
		 */
		default void resubscribed(Collection<String> channels) {
		}

	}

	private final ClusterProperties properties;

	private final ClientResources resources;

	private final @Nullable RedisClient single;

	private final @Nullable RedisClusterClient cluster;

	private final AbstractRedisClient client;

	private final Listener listener;

	private final AtomicLong downSince = new AtomicLong(System.currentTimeMillis());

	/** Connections that dropped without being closed, until they are open again. */
	private final Set<RedisChannelHandler<?, ?>> broken = ConcurrentHashMap.newKeySet();

	/** The shard channels the owner subscribed to and did not unsubscribe from. */
	private final Set<String> wanted = ConcurrentHashMap.newKeySet();

	/** Channels this link unsubscribed from, until Redis confirms (per channel). */
	private final Map<String, Integer> leaving = new ConcurrentHashMap<>();

	/** Channels Redis unsubscribed us from (their slot moved), by slot, to follow. */
	private final Map<Integer, Set<String>> moved = new ConcurrentHashMap<>();

	/**
	 * Channels being subscribed again after their slot moved: their numbering goes on
	 * (the room's sequence shows what the move cost), so the owner is not told.
	 */
	private final Set<String> following = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService chores;

	private final ReentrantLock flushing = new ReentrantLock();

	private volatile @Nullable StatefulConnection<String, String> commands;

	private volatile @Nullable StatefulConnection<String, byte[]> publisher;

	private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;

	private volatile boolean closed;

	private static final long TOPOLOGY_REFRESH_WHILE_DOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

	// When the watcher last asked for the topology (its thread only).
	private long lastTopologyRefresh = System.nanoTime() - TOPOLOGY_REFRESH_WHILE_DOWN_NANOS;

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
		if (properties.redisClusterNodes().isEmpty()) {
			RedisURI uri = RedisURI.create(properties.redisUrl());
			uri.setTimeout(properties.commandTimeout());
			RedisClient redis = RedisClient.create(this.resources, uri);
			redis.setOptions(options(ClientOptions.builder(), properties).build());
			this.single = redis;
			this.cluster = null;
			this.client = redis;
		}
		else {
			RedisClusterClient redis = RedisClusterClient.create(this.resources, seeds(properties));
			ClusterClientOptions.Builder options = ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					// Slots that moved are learnt from redirections at once (every
					// adaptive trigger is on by default), else within this period.
					.enablePeriodicRefresh(properties.topologyRefresh())
					.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
					.build())
				// A master that failed (and was replaced by its replica) stays in the
				// topology, flagged, until it is back or forgotten: without this Lettuce
				// keeps its sockets and keeps reconnecting them, and the link would
				// count as down for as long. Filtered out, its sockets are closed and the
				// replica that took its slots is used.
				.nodeFilter((node) -> !(node.is(RedisClusterNode.NodeFlag.FAIL)
						|| node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
						|| node.is(RedisClusterNode.NodeFlag.NOADDR)));
			options(options, properties);
			redis.setOptions(options.build());
			this.single = null;
			this.cluster = redis;
			this.client = redis;
		}
		this.chores = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cluster-link-chores").factory());
		// A connection that drops marks the link down (the watcher also notices, but a
		// reconnect can be quicker than its next look). One closed on purpose does not:
		// ours when stopping, and the short-lived ones Lettuce opens to read a Redis
		// Cluster's topology.
		this.client.addListener(new RedisConnectionStateListener() {
			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
				if (!connection.isClosed()) {
					RedisLink.this.broken.add(connection);
					markDown();
				}
			}
		});
		if (this.cluster != null) {
			this.chores.scheduleWithFixedDelay(this::flushQuietly, REDIRECT_FLUSH_MILLIS, REDIRECT_FLUSH_MILLIS,
					TimeUnit.MILLISECONDS);
			this.resources.eventBus()
				.get()
				.filter((event) -> event instanceof ClusterTopologyChangedEvent)
				.subscribe((event) -> schedule(this::connectToEveryMaster, 0));
		}
	}

	private static ClientOptions.Builder options(ClientOptions.Builder builder, ClusterProperties properties) {
		return builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.requestQueueSize(properties.publishQueue())
			.protocolVersion(ProtocolVersion.RESP2)
			.timeoutOptions(TimeoutOptions.builder().timeoutSource(new NoTimeoutForPublishes(properties)).build())
			// A publish cut off by a lost connection is not sent again on reconnect: it
			// may have been delivered already (a duplicate line), and it is counted as
			// lost.
			.replayFilter((command) -> command.getType() == CommandType.SPUBLISH)
			.socketOptions(SocketOptions.builder()
				.connectTimeout(Duration.ofSeconds(1))
				.keepAlive(SocketOptions.KeepAliveOptions.builder()
					.enable()
					.idle(Duration.ofSeconds(5))
					.interval(Duration.ofSeconds(1))
					.count(3)
					.build())
				.build());
	}

	/** {@code host:port} (or {@code redis://…}) seeds of a Redis Cluster. */
	private static List<RedisURI> seeds(ClusterProperties properties) {
		List<RedisURI> seeds = new ArrayList<>();
		for (String seed : properties.redisClusterNodes()) {
			String trimmed = seed.trim();
			if (!trimmed.isEmpty()) {
				RedisURI uri = RedisURI.create(trimmed.contains("://") ? trimmed : "redis://" + trimmed);
				uri.setTimeout(properties.commandTimeout());
				seeds.add(uri);
			}
		}
		if (seeds.isEmpty()) {
			throw new IllegalArgumentException("switchboard.cluster.redis-cluster-nodes names no host:port");
		}
		return seeds;
	}

	/** Connects in the background, and watches the connections until closed. */
	void start() {
		this.closed = false;
		this.monitor = Thread.ofPlatform().daemon().name("cluster-link").start(this::watch);
	}

	private void watch() {
		long delay = 50;
		int failedRejoins = 0;
		while (!this.closed) {
			try {
				if (openMissing()) {
					delay = 50;
					if (!allOpen()) {
						markDown();
					}
					long down = this.downSince.get();
					if (down != 0) {
						refreshTopology();
						connectToEveryMaster();
					}
					if (down != 0 && allOpen() && this.downSince.compareAndSet(down, 0)) {
						// Whatever was unsubscribing or following a slot is subscribed
						// again by the owner.
						this.leaving.clear();
						this.following.clear();
						this.listener.connected(down);
						// A failed rejoin (a Redis Cluster refuses while failing over)
						// marked the link down again: the next tries wait longer, 100,
						// 200, then 400 ms.
						failedRejoins = (this.downSince.get() != 0) ? Math.min(failedRejoins + 1, 3) : 0;
						delay = 50L << failedRejoins;
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
			this.commands = (this.cluster != null) ? this.cluster.connect(StringCodec.UTF8)
					: single().connect(StringCodec.UTF8);
		}
		if (this.publisher == null) {
			StatefulConnection<String, byte[]> connection = (this.cluster != null) ? this.cluster.connect(BYTES)
					: single().connect(BYTES);
			connection.setAutoFlushCommands(false);
			this.publisher = connection;
		}
		if (this.subscriber == null) {
			StatefulRedisPubSubConnection<String, byte[]> connection = (this.cluster != null)
					? this.cluster.connectPubSub(BYTES) : single().connectPubSub(BYTES);
			connection.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void smessage(String channel, byte[] message) {
					RedisLink.this.listener.message(channel, message);
				}

				@Override
				public void ssubscribed(String channel, long count) {
					if (!RedisLink.this.following.remove(channel)) {
						RedisLink.this.listener.subscribed(channel);
					}
				}

				@Override
				public void sunsubscribed(String channel, long count) {
					RedisLink.this.sunsubscribed(channel);
				}
			});
			this.subscriber = connection;
		}
		return true;
	}

	/**
	 * On a Redis Cluster while the link is down, re-reads the topology once a second.
	 * Lettuce re-reads it by itself when a socket keeps failing to reconnect, but once a
	 * failing master is left out ({@code nodeFilter}) nothing of it is left to fail, and
	 * the replica that takes over its slots would be learnt only at the next periodic
	 * refresh (10 s).
	 */
	private void refreshTopology() {
		RedisClusterClient redis = this.cluster;
		long now = System.nanoTime();
		if (redis != null && now - this.lastTopologyRefresh >= TOPOLOGY_REFRESH_WHILE_DOWN_NANOS) {
			this.lastTopologyRefresh = now;
			redis.refreshPartitionsAsync().exceptionally((failure) -> null);
		}
	}

	/**
	 * On a Redis Cluster, opens the publisher's and the subscriber's connections to every
	 * master before they are needed (Lettuce opens them on first use). When a slot moves,
	 * the publishes Redis redirects and the subscriptions that follow the slot then go
	 * out at once, in order, instead of waiting for a connection to open: Lettuce
	 * completes the writes waiting on one connection attempt in no particular order.
	 */
	private void connectToEveryMaster() {
		try {
			if (this.publisher instanceof StatefulRedisClusterConnection<String, byte[]> publishing) {
				for (RedisURI master : masters(publishing.getPartitions())) {
					publishing.getConnectionAsync(master.getHost(), master.getPort()).exceptionally((failure) -> null);
				}
			}
			if (this.subscriber instanceof StatefulRedisClusterPubSubConnection<String, byte[]> subscribing) {
				for (RedisURI master : masters(subscribing.getPartitions())) {
					subscribing.getConnectionAsync(master.getHost(), master.getPort()).exceptionally((failure) -> null);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not connect to every master yet", ex);
		}
	}

	private static List<RedisURI> masters(@Nullable Partitions partitions) {
		if (partitions == null) {
			return List.of();
		}
		List<RedisURI> masters = new ArrayList<>();
		for (RedisClusterNode node : partitions) {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
				masters.add(node.getUri());
			}
		}
		return masters;
	}

	private RedisClient single() {
		RedisClient redis = this.single;
		if (redis == null) {
			throw new IllegalStateException("not a single Redis");
		}
		return redis;
	}

	private boolean allOpen() {
		var c = this.commands;
		var p = this.publisher;
		var s = this.subscriber;
		this.broken.removeIf((connection) -> connection.isOpen() || connection.isClosed());
		return c != null && c.isOpen() && p != null && p.isOpen() && s != null && s.isOpen() && this.broken.isEmpty();
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
		return (connection != null) ? async(connection) : null;
	}

	private static <V> RedisClusterAsyncCommands<String, V> async(StatefulConnection<String, V> connection) {
		if (connection instanceof StatefulRedisClusterConnection<String, V> clustered) {
			return clustered.async();
		}
		return ((StatefulRedisConnection<String, V>) connection).async();
	}

	/**
	 * Publishes on a shard channel ({@code SPUBLISH}: on a Redis Cluster only the nodes
	 * serving the channel's slot carry it); sent with the next {@link #flush}.
	 * @return the number of subscribers that got it, or {@code null} if not connected
	 */
	@Nullable RedisFuture<Long> publish(String channel, byte[] message) {
		var connection = this.publisher;
		return (connection != null) ? async(connection).spublish(channel, message) : null;
	}

	/**
	 * Sends what was published since the last flush. One thread at a time: Lettuce takes
	 * the waiting commands and then hands them to the socket, so two threads flushing at
	 * once could send the second one's commands first.
	 */
	void flush() {
		var connection = this.publisher;
		if (connection != null) {
			this.flushing.lock();
			try {
				connection.flushCommands();
			}
			finally {
				this.flushing.unlock();
			}
		}
	}

	private void flushQuietly() {
		var connection = this.publisher;
		if (connection == null || !this.flushing.tryLock()) {
			// Somebody is flushing right now.
			return;
		}
		try {
			connection.flushCommands();
		}
		catch (RuntimeException ex) {
			logger.debug("Flushing the publisher failed", ex);
		}
		finally {
			this.flushing.unlock();
		}
	}

	/**
	 * Subscribes to shard channels ({@code SSUBSCRIBE}); on a Redis Cluster with one
	 * command per slot, and a failed one is tried again while the link is up.
	 * @return the pending acknowledgement (of every command), or {@code null} if not
	 * connected
	 */
	@Nullable RedisFuture<Void> subscribe(String... channels) {
		this.wanted.addAll(List.of(channels));
		var connection = this.subscriber;
		if (connection == null) {
			return null;
		}
		List<RedisFuture<Void>> sent = new ArrayList<>();
		long since = System.currentTimeMillis();
		for (List<String> group : bySlot(List.of(channels))) {
			RedisFuture<Void> reply = connection.async().ssubscribe(group.toArray(String[]::new));
			if (this.cluster != null) {
				reply.whenComplete((ok, failure) -> {
					if (failure != null) {
						retry(group, 1, false, since, failure);
					}
				});
			}
			sent.add(reply);
		}
		return AllOf.of(sent);
	}

	@Nullable RedisFuture<Void> unsubscribe(String... channels) {
		List.of(channels).forEach(this.wanted::remove);
		var connection = this.subscriber;
		if (connection == null) {
			return null;
		}
		List<RedisFuture<Void>> sent = new ArrayList<>();
		for (List<String> group : bySlot(List.of(channels))) {
			group.forEach((channel) -> this.leaving.merge(channel, 1, Integer::sum));
			RedisFuture<Void> reply = connection.async().sunsubscribe(group.toArray(String[]::new));
			reply.whenComplete((ok, failure) -> {
				if (failure != null) {
					group.forEach(this::confirmLeft);
				}
			});
			sent.add(reply);
		}
		return AllOf.of(sent);
	}

	/**
	 * On a Redis Cluster, the channels grouped by slot (a command may not span slots); on
	 * one Redis, all of them at once.
	 */
	private List<List<String>> bySlot(List<String> channels) {
		if (channels.isEmpty()) {
			return List.of();
		}
		if (this.cluster == null || channels.size() < 2) {
			return List.of(channels);
		}
		return List.copyOf(channels.stream()
			.collect(Collectors.groupingBy(SlotHash::getSlot, LinkedHashMap::new, Collectors.toList()))
			.values());
	}

	/**
	 * @return true if this link had asked to leave the channel (and now has)
	 */
	private boolean confirmLeft(String channel) {
		boolean[] ours = { false };
		this.leaving.computeIfPresent(channel, (key, count) -> {
			ours[0] = true;
			return (count > 1) ? count - 1 : null;
		});
		return ours[0];
	}

	/**
	 * A channel was unsubscribed, on a Lettuce I/O thread. Unless this link asked for it,
	 * Redis did: on a Redis Cluster the channel's slot moved to another master. The
	 * channels of one slot are followed together, on the chores thread.
	 */
	private void sunsubscribed(String channel) {
		if (confirmLeft(channel) || !this.wanted.contains(channel) || this.closed) {
			return;
		}
		int slot = SlotHash.getSlot(channel);
		boolean[] first = { false };
		this.moved.compute(slot, (key, channels) -> {
			Set<String> pending = (channels != null) ? channels : ConcurrentHashMap.newKeySet();
			first[0] = channels == null;
			pending.add(channel);
			return pending;
		});
		if (first[0]) {
			long since = System.currentTimeMillis();
			schedule(() -> {
				Set<String> channels = this.moved.remove(slot);
				if (channels != null) {
					logger.info("Redis moved slot " + slot + " (channels " + channels + "); subscribing again");
					follow(List.copyOf(channels), 1, true, since);
				}
			}, 0);
		}
	}

	/**
	 * Subscribes again to the channels still wanted, unless the link is down (it
	 * subscribes to everything again when it is back).
	 */
	private void follow(List<String> channels, int attempt, boolean slotMoved, long since) {
		var connection = this.subscriber;
		List<String> still = channels.stream().filter(this.wanted::contains).toList();
		if (this.closed || still.isEmpty() || connection == null || this.downSince.get() != 0) {
			channels.forEach(this.following::remove);
			return;
		}
		for (List<String> group : bySlot(still)) {
			if (slotMoved) {
				this.following.addAll(group);
			}
			connection.async().ssubscribe(group.toArray(String[]::new)).whenComplete((ok, failure) -> {
				if (failure != null) {
					retry(group, attempt + 1, slotMoved, since, failure);
				}
				else if (slotMoved) {
					this.listener.resubscribed(group);
				}
			});
		}
	}

	/**
	 * Tries again after a short delay (50 ms doubling up to 1 s); after
	 * {@value #FOLLOW_ATTEMPTS} attempts reconnects the subscriber, after which the owner
	 * subscribes to everything again.
	 */
	private void retry(List<String> channels, int attempt, boolean slotMoved, long since, Throwable failure) {
		if (this.closed || this.downSince.get() != 0) {
			channels.forEach(this.following::remove);
			return;
		}
		if (attempt > FOLLOW_ATTEMPTS) {
			logger.warn("Could not subscribe to " + channels + " in " + FOLLOW_ATTEMPTS + " attempts ("
					+ failure.getMessage() + "); reconnecting the subscriber");
			channels.forEach(this.following::remove);
			// Its users are told that messages may have been lost since then.
			schedule(() -> restartSubscriber(since), 0);
			return;
		}
		logger.debug("Subscribing to " + channels + " failed (" + failure.getMessage() + "); trying again");
		schedule(() -> follow(channels, attempt, slotMoved, since), Math.min(1000, 25L << Math.min(attempt, 6)));
	}

	private void schedule(Runnable task, long delayMillis) {
		try {
			this.chores.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
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

	/** Where Redis is, without credentials, for logs. */
	String safeUrl() {
		if (this.cluster != null) {
			return "Redis Cluster " + seeds(this.properties).stream()
				.map((uri) -> uri.getHost() + ":" + uri.getPort())
				.collect(Collectors.joining(","));
		}
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
		this.wanted.clear();
		this.leaving.clear();
		this.moved.clear();
		this.following.clear();
		this.broken.clear();
	}

	@Override
	public void close() {
		stop();
		this.chores.shutdownNow();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	/** One reply for the commands of several slots: done when all are. */
	private static final class AllOf extends CompletableFuture<Void> implements RedisFuture<Void> {

		private AllOf(List<RedisFuture<Void>> replies) {
			CompletableFuture
				.allOf(replies.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
				.whenComplete((ok, failure) -> {
					if (failure == null) {
						complete(null);
					}
					else {
						completeExceptionally((failure instanceof CompletionException && failure.getCause() != null)
								? failure.getCause() : failure);
					}
				});
		}

		static RedisFuture<Void> of(List<RedisFuture<Void>> replies) {
			return (replies.size() == 1) ? replies.get(0) : new AllOf(replies);
		}

		@Override
		public @Nullable String getError() {
			if (!isCompletedExceptionally()) {
				return null;
			}
			try {
				join();
				return null;
			}
			catch (CompletionException ex) {
				return String.valueOf(ex.getCause().getMessage());
			}
		}

		@Override
		public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
			try {
				get(timeout, unit);
				return true;
			}
			catch (ExecutionException ex) {
				return true;
			}
			catch (TimeoutException ex) {
				return false;
			}
		}

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
