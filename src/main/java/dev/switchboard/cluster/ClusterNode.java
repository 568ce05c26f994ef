package dev.switchboard.cluster;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.switchboard.protocol.Event;
import dev.switchboard.routing.Presence;
import dev.switchboard.session.SessionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * This node's life in the cluster: connects (in the background: a node that cannot reach
 * Redis serves its own users meanwhile), says it is alive every heartbeat interval,
 * cleans up after dead nodes, and after every reconnect subscribes again, re-writes its
 * nicks and memberships (Redis may have restarted empty) and tells its users once that
 * messages from other servers were lost meanwhile.
 */
final class ClusterNode implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ClusterNode.class);

	private final ClusterProperties properties;

	private final RedisLink link;

	private final Backplane backplane;

	private final NodeDirectory directory;

	private final ClusterRooms rooms;

	private final ClusterNicks nicks;

	private final Janitor janitor;

	private final SessionRegistry sessions;

	private final ObjectProvider<Presence> presence;

	private final ClusterMetrics metrics;

	private volatile boolean running;

	// Whether this node may judge others dead: not while its own link is down, and not
	// until it has given everyone a fresh timeout after coming back.
	private volatile boolean judging;

	// Since when Redis has answered PING while this node did not hear its own heartbeat.
	private long answeringSince;

	private final java.util.concurrent.atomic.AtomicBoolean reclaimScheduled = new java.util.concurrent.atomic.AtomicBoolean();

	private final java.util.concurrent.CountDownLatch joined = new java.util.concurrent.CountDownLatch(1);

	private volatile boolean everConnected;

	// Why this node did not join: another live process uses its node-id.
	private volatile @Nullable String twin;

	private final long startedNanos = System.nanoTime();

	private boolean twinTold;

	private static final long REPAIR_EVERY_NANOS = 10_000_000_000L;

	private volatile long lastRepair = System.nanoTime();

	private ScheduledExecutorService ticker;

	ClusterNode(ClusterProperties properties, RedisLink link, Backplane backplane, NodeDirectory directory,
			ClusterRooms rooms, ClusterNicks nicks, Janitor janitor, SessionRegistry sessions,
			ObjectProvider<Presence> presence, ClusterMetrics metrics) {
		this.properties = properties;
		this.link = link;
		this.backplane = backplane;
		this.directory = directory;
		this.rooms = rooms;
		this.nicks = nicks;
		this.janitor = janitor;
		this.sessions = sessions;
		this.presence = presence;
		this.metrics = metrics;
	}

	@Override
	public void start() {
		logger.info("Cluster node " + this.properties.nodeId() + " joining through Redis at " + this.link.safeUrl());
		this.backplane.whenDeclaredDead(this::declaredDead);
		this.backplane.start(this.link, this.directory);
		this.ticker = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cluster-tick").factory());
		long every = this.properties.heartbeatInterval().toMillis();
		this.ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
		this.link.start();
		this.running = true;
		// Before the chat port opens (a lower phase than the listener's): users arrive
		// in a chat that already spans the cluster, unless Redis is unreachable, in
		// which case the node starts anyway, serves its own users and keeps trying.
		try {
			if (!this.joined.await(this.properties.startupWait().toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Redis at " + this.link.safeUrl() + " not reachable within "
						+ this.properties.startupWait().toMillis() + " ms; starting alone and joining when it is");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		String refused = this.twin;
		if (refused != null) {
			stop();
			throw new IllegalStateException(refused);
		}
	}

	// The outage (by its start) whose failed rejoin was logged: the link's watcher only.
	private long rejoinFailureToldFor = -1;

	/** Called by the link when every connection is up again (or for the first time). */
	void connected(long downSince) {
		this.link.degraded(false);
		try {
			if (!this.everConnected) {
				String twin = twin();
				if (twin != null) {
					this.twin = twin;
					logger.error(twin);
					this.joined.countDown();
					return;
				}
				// What a previous process of this name left behind (it was killed).
				this.janitor.reconcile((connection) -> false, (nick) -> false);
				var known = this.link.commands();
				if (known != null) {
					this.link.await(known.hkeys(Keys.NODES)).forEach(this.directory::expect);
				}
			}
			else {
				this.metrics.resubscribed();
				// Sessions that ended while Redis could not be told.
				this.janitor.reconcile((connection) -> this.sessions.find(connection) != null,
						(nick) -> this.nicks.find(nick) != null);
			}
			this.backplane.resetSequences();
			this.directory.refreshAll();
			this.judging = true;
			this.link.await(this.link.subscribe(Keys.CONTROL, Keys.nodeChannel(this.properties.nodeId())));
			this.rooms.reassert(this.sessions.all());
			this.nicks.reclaim(this.sessions.all(), this::lost);
			heartbeat();
			long now = System.currentTimeMillis();
			int told = this.presence.getObject().tellRoomMembers(new Event.Gap(downSince, now, null));
			if (told > 0) {
				this.metrics.gap();
			}
			announceReturnIfLost();
			logger.info((this.everConnected ? "Reconnected to" : "Connected to") + " Redis at " + this.link.safeUrl()
					+ " after " + (now - downSince) + " ms; " + told + " users told of the gap");
			this.everConnected = true;
			this.joined.countDown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			// Tried again within 400 ms (a Redis Cluster refuses while failing over):
			// said
			// once per outage, the rest at debug.
			if (this.rejoinFailureToldFor != downSince) {
				this.rejoinFailureToldFor = downSince;
				logger.warn("Rejoining the cluster failed (" + ex.getMessage() + "); trying again until it works");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Rejoining the cluster failed again (" + ex.getMessage() + ")");
			}
			this.link.restartSubscriber(downSince);
		}
	}

	/**
	 * Another live process under this node's name would have its users wiped by this
	 * one's clean-up of "a previous process of the same name", and the two would drop
	 * each other's lines as their own. When Redis names another process as the last to
	 * say it was alive under this name, listen for it for two heartbeats first.
	 * @return why this node must not join, or {@code null}
	 */
	private @Nullable String twin() throws InterruptedException {
		var commands = this.link.commands();
		if (commands == null) {
			return null;
		}
		String last = this.link.await(commands.hget(Keys.NODES, this.properties.nodeId()));
		if (last == null || last.equals(String.valueOf(this.backplane.epoch()))) {
			return null;
		}
		long since = System.nanoTime();
		this.link.await(this.link.subscribe(Keys.CONTROL));
		long deadline = since + this.properties.heartbeatInterval().multipliedBy(2).plusMillis(500).toNanos();
		while (System.nanoTime() - deadline < 0) {
			long epoch = this.directory.twinHeardSince(since);
			if (epoch != 0) {
				return twinMessage(epoch, "this one does not join the cluster");
			}
			Thread.sleep(50);
		}
		return null;
	}

	private String twinMessage(long epoch, String consequence) {
		return "Another live process uses switchboard.cluster.node-id=" + this.properties.nodeId() + " (it started at "
				+ Instant.ofEpochMilli(epoch) + "); " + consequence + ". Give every node its own node-id.";
	}

	private void tick() {
		if (this.twin != null) {
			return;
		}
		try {
			long twinEpoch = this.directory.twinHeardSince(this.startedNanos);
			if (twinEpoch != 0 && !this.twinTold) {
				this.twinTold = true;
				logger.error(twinMessage(twinEpoch, "the two drop each other's lines"));
			}
			heartbeat();
			long now = System.nanoTime();
			if (now - this.lastRepair >= REPAIR_EVERY_NANOS) {
				this.lastRepair = now;
				repair();
			}
			// Judge others only while this node hears itself: silence it could not hear
			// was
			// its own (Redis down or frozen), so on hearing itself again everyone gets a
			// fresh timeout first.
			boolean hearingSelf = this.directory
				.sinceSelfHeard() < this.properties.heartbeatInterval().multipliedBy(3).toNanos();
			if (!this.link.isUp() || !hearingSelf) {
				this.judging = false;
			}
			else if (!this.judging) {
				this.directory.refreshAll();
				this.judging = true;
			}
			else {
				for (String dead : this.directory.takeDead()) {
					Thread.ofVirtual().start(() -> cleanUpAfter(dead));
				}
			}
			if (this.directory.sinceSelfHeard() < this.properties.heartbeatInterval().multipliedBy(3).toNanos()) {
				this.link.degraded(false);
			}
			else if (this.everConnected && this.link.isUp()) {
				boolean answers = pingOk();
				this.link.degraded(!answers);
				if (!answers) {
					this.answeringSince = 0;
				}
				else if (this.answeringSince == 0) {
					this.answeringSince = now;
				}
				else if (now - this.answeringSince > this.properties.nodeTimeout().toNanos()
						&& this.directory.sinceSelfHeard() < Long.MAX_VALUE) {
					// Redis has answered commands for a while, yet our subscriber hears
					// nothing (after a freeze the backlog comes first: give it time).
					logger.warn(
							"This node's subscriber hears nothing from Redis although Redis answers; reconnecting it");
					this.answeringSince = 0;
					this.link
						.restartSubscriber(System.currentTimeMillis() - this.directory.sinceSelfHeard() / 1_000_000);
				}
			}
			if (this.directory.sinceSelfHeard() < this.properties.heartbeatInterval().multipliedBy(3).toNanos()) {
				this.answeringSince = 0;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Cluster tick failed", ex);
		}
	}

	/**
	 * Every 10 s: re-adds this node's rooms to the room index (a leave racing a join on
	 * another node can drop one), and watches every node still registered in Redis, so
	 * that one whose clean-up was interrupted is cleaned up again.
	 */
	private void repair() {
		if (!this.link.isUp()) {
			return;
		}
		this.rooms.repairIndex();
		var commands = this.link.commands();
		if (commands != null) {
			commands.hkeys(Keys.NODES).thenAccept((nodes) -> nodes.forEach(this.directory::expect));
		}
	}

	/**
	 * Another node declared this one dead (it was cut off for longer than the node
	 * timeout) and freed its nicks and memberships: claim them again, once, soon; a user
	 * whose nick was taken meanwhile becomes a guest.
	 */
	void declaredDead() {
		if (this.reclaimScheduled.compareAndSet(false, true)) {
			logger.warn("Another node declared this node dead; claiming its users' nicks and rooms again");
			this.ticker.schedule(() -> {
				this.reclaimScheduled.set(false);
				this.rooms.reassert(this.sessions.all());
				this.nicks.reclaim(this.sessions.all(), this::lost);
				announceReturnIfLost();
			}, 200, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * If another node announced this node's users as lost (the janitor leaves a mark),
	 * tells the other nodes' members they are back, once: the mark is taken as it is
	 * read.
	 */
	private void announceReturnIfLost() {
		try {
			var commands = this.link.commands();
			String mark = this.link
				.await((commands != null) ? commands.getdel(Keys.lost(this.properties.nodeId())) : null);
			if (mark != null) {
				int told = this.rooms.announceReturn(this.sessions.all());
				logger.info("This node's users had been announced as lost; told the other nodes they are back (" + told
						+ " join notices)");
			}
		}
		catch (Unavailable ex) {
			logger.debug("Could not check whether this node was announced as lost: " + ex.getMessage());
		}
	}

	private boolean pingOk() {
		try {
			var commands = this.link.commands();
			return "PONG".equals(Unavailable.await((commands != null) ? commands.ping() : null, this.link.timeout()));
		}
		catch (Unavailable ex) {
			return false;
		}
	}

	private void cleanUpAfter(String dead) {
		try {
			this.janitor.cleanUpAfter(dead);
		}
		catch (RuntimeException ex) {
			logger.warn("Cleaning up after node " + dead + " failed: " + ex.getMessage());
			this.directory.expect(dead);
		}
	}

	private void heartbeat() {
		this.backplane.publishControl(Keys.CONTROL, Envelope.Kind.HEARTBEAT, new Envelope.Heartbeat());
		var commands = this.link.commands();
		if (commands != null) {
			commands.hset(Keys.NODES, this.properties.nodeId(), String.valueOf(this.backplane.epoch()));
		}
	}

	private void lost(dev.switchboard.session.Session session, String nick) {
		this.presence.getObject()
			.lostNick(session, "Your nick " + nick
					+ " was taken by someone on another server while this one was cut off from the cluster.");
	}

	boolean isHealthy() {
		return this.twin == null && this.link.isUp()
				&& this.directory.sinceSelfHeard() < this.properties.heartbeatInterval().multipliedBy(3).toNanos();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.ticker != null) {
			this.ticker.shutdownNow();
		}
		if (this.twin == null) {
			forgetThisProcess();
		}
		this.backplane.stop();
		this.link.stop();
	}

	/**
	 * An orderly stop takes this process out of {@code sb:nodes}, so that the next
	 * process of this name need not listen for a live twin before it joins.
	 */
	private void forgetThisProcess() {
		try {
			var commands = this.link.commands();
			if (commands != null && this.link.isUp() && String.valueOf(this.backplane.epoch())
				.equals(this.link.await(commands.hget(Keys.NODES, this.properties.nodeId())))) {
				this.link.await(commands.hdel(Keys.NODES, this.properties.nodeId()));
			}
		}
		catch (Unavailable ex) {
			logger.debug("Could not take this node out of " + Keys.NODES + ": " + ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stops after the chat listener has drained (its users' leaves still reach
		// Redis).
		return Integer.MAX_VALUE - 2000;
	}

}
