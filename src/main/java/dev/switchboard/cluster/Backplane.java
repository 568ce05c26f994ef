package dev.switchboard.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Event;
import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.RoomTopic;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Moves events between this node and the others. Out: the reader encodes an envelope once
 * and queues it (bounded); one publisher numbers each room's envelopes in order and
 * publishes them in batches, one flush per batch. In: the subscriber's I/O thread drops
 * this node's own lines unread, reads only the header of the others (checks the room's
 * sequence for a gap) and queues them (bounded); one receiver renders each event once and
 * fans it out to this node's members, like a local line. The publisher and the receiver
 * are virtual threads: handing them work is a push onto a carrier that is already
 * running, not an OS wake-up. Nothing is lost silently: every drop is counted, and
 * members of a room that missed messages are told.
 */
final class Backplane {

	private static final Log logger = LogFactory.getLog(Backplane.class);

	private static final int BATCH = 256;

	private static final int SEEN_ONCE = 4096;

	private final String node;

	private final byte[] nodeUtf8;

	private final long epoch = System.currentTimeMillis();

	private final ClusterMetrics metrics;

	private final Rooms localRooms;

	private final Nicks localNicks;

	private final ObjectProvider<Presence> presence;

	private final BlockingQueue<Outgoing> outgoing;

	private final BlockingQueue<Incoming> incoming;

	// Per channel: its numbering's epoch and the last number used (publisher thread
	// only).
	private final Map<String, long[]> sequences = new HashMap<>();

	private long numberings;

	// Per room channel, per origin node: the epoch and number last seen, and when it was
	// sent.
	private final Map<String, Map<String, long[]>> lastSeen = new ConcurrentHashMap<>();

	// Unique across restarts of a node under the same name: they start at this process's
	// start time.
	private final AtomicLong onceIds = new AtomicLong(this.epoch * 1000);

	// Bytes handed to Redis and not yet acknowledged: a frozen Redis acknowledges
	// nothing,
	// and past the budget new messages are dropped (and counted) instead of held.
	private final AtomicLong inFlight = new AtomicLong();

	private final long inFlightBudget;

	private final Map<String, Boolean> seenOnce = new LinkedHashMap<>(SEEN_ONCE, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > SEEN_ONCE;
		}
	};

	private volatile @Nullable RedisLink link;

	private volatile @Nullable Heartbeats heartbeats;

	private volatile @Nullable Runnable declaredDead;

	private volatile boolean running = true;

	private final List<Thread> threads = new ArrayList<>();

	Backplane(String node, ClusterProperties properties, ClusterMetrics metrics, Rooms localRooms, Nicks localNicks,
			ObjectProvider<Presence> presence) {
		this.node = node;
		this.nodeUtf8 = node.getBytes(StandardCharsets.UTF_8);
		this.metrics = metrics;
		this.localRooms = localRooms;
		this.localNicks = localNicks;
		this.presence = presence;
		this.outgoing = new ArrayBlockingQueue<>(properties.publishQueue());
		this.inFlightBudget = properties.publishBuffer().toBytes();
		this.incoming = new ArrayBlockingQueue<>(properties.receiveQueue());
	}

	/** Someone who wants to hear about other nodes' heartbeats. */
	interface Heartbeats {

		void heard(String node, long epoch);

	}

	/** Who to call when another node declares this one dead. */
	void whenDeclaredDead(Runnable listener) {
		this.declaredDead = listener;
	}

	void start(RedisLink link, Heartbeats heartbeats) {
		this.running = true;
		this.threads.clear();
		this.link = link;
		this.heartbeats = heartbeats;
		this.threads.add(Thread.ofVirtual().name("cluster-publisher").start(this::publishLoop));
		this.threads.add(Thread.ofVirtual().name("cluster-receiver").start(this::receiveLoop));
	}

	void stop() {
		this.running = false;
		this.threads.forEach(Thread::interrupt);
	}

	long epoch() {
		return this.epoch;
	}

	// ---- out

	void publishRoom(String key, Delivery delivery) {
		Event event = delivery.event();
		byte[] envelope = Envelope.encode(Envelope.Kind.ROOM, this.epoch, System.currentTimeMillis(), this.node,
				new Envelope.Room(key, event));
		queue(new Outgoing(Keys.roomChannel(key), envelope, true));
	}

	void publishOnce(List<String> keys, Delivery delivery) {
		if (keys.isEmpty()) {
			return;
		}
		byte[] envelope = Envelope.encode(Envelope.Kind.ONCE, this.epoch, System.currentTimeMillis(), this.node,
				new Envelope.Once(this.onceIds.incrementAndGet(), keys, delivery.event()));
		for (String key : keys) {
			queue(new Outgoing(Keys.roomChannel(key), envelope.clone(), true));
		}
	}

	void publishControl(String channel, Envelope.Kind kind, Envelope.Body body) {
		queue(new Outgoing(channel, Envelope.encode(kind, this.epoch, System.currentTimeMillis(), this.node, body),
				false));
	}

	byte[] envelope(Envelope.Kind kind, Envelope.Body body) {
		return Envelope.encode(kind, this.epoch, System.currentTimeMillis(), this.node, body);
	}

	/** The room's last local member left: its numbering may start again. */
	void forget(String channel) {
		this.lastSeen.remove(channel);
		queue(new Outgoing(channel, new byte[0], false));
	}

	private void queue(Outgoing message) {
		if (!this.outgoing.offer(message) && message.counted()) {
			this.metrics.dropped(ClusterMetrics.Dropped.PUBLISH_QUEUE_FULL, 1);
		}
	}

	private void publishLoop() {
		List<Outgoing> batch = new ArrayList<>(BATCH);
		while (this.running) {
			try {
				Outgoing first = this.outgoing.poll(1, TimeUnit.SECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.outgoing.drainTo(batch, BATCH - 1);
				publish(batch);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Publishing to Redis failed", ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Numbers the batch's envelopes in order, then publishes each channel's envelopes as
	 * one Redis message ({@link Envelope#pack}): under load one {@code SPUBLISH} carries
	 * many lines, so Redis and both nodes' clients do a fraction of the work.
	 */
	private void publish(List<Outgoing> batch) {
		RedisLink current = this.link;
		Map<String, List<Outgoing>> byChannel = new LinkedHashMap<>();
		for (Outgoing message : batch) {
			if (message.envelope().length == 0) {
				this.sequences.remove(message.channel());
				continue;
			}
			if (message.counted()) {
				// Numbered even when it cannot be sent: receivers see the gap.
				long[] numbering = this.sequences.computeIfAbsent(message.channel(),
						(c) -> new long[] { this.epoch + (++this.numberings), 0 });
				Envelope.withSequence(message.envelope(), numbering[0], ++numbering[1]);
			}
			byChannel.computeIfAbsent(message.channel(), (c) -> new ArrayList<>(4)).add(message);
		}
		byChannel.forEach((channel, messages) -> {
			int counted = (int) messages.stream().filter(Outgoing::counted).count();
			byte[] payload = (messages.size() == 1) ? messages.get(0).envelope()
					: Envelope.pack(messages.stream().map(Outgoing::envelope).toList());
			if (this.inFlight.get() + payload.length > this.inFlightBudget) {
				this.metrics.dropped(ClusterMetrics.Dropped.REDIS_UNAVAILABLE, counted);
				return;
			}
			var sent = (current != null) ? current.publish(channel, payload) : null;
			if (sent == null) {
				this.metrics.dropped(ClusterMetrics.Dropped.REDIS_UNAVAILABLE, counted);
				return;
			}
			this.inFlight.addAndGet(payload.length);
			sent.whenComplete((receivers, failure) -> this.inFlight.addAndGet(-payload.length));
			if (counted > 0) {
				sent.whenComplete((receivers, failure) -> {
					if (failure != null) {
						this.metrics.dropped(ClusterMetrics.Dropped.REDIS_UNAVAILABLE, counted);
					}
					else {
						this.metrics.published(counted);
					}
				});
			}
		});
		if (current != null) {
			current.flush();
		}
	}

	// ---- in

	/** A message on a subscribed channel, on the subscriber's I/O thread. */
	void message(String channel, byte[] message) {
		boolean room = Keys.isRoomChannel(channel);
		if (room && Envelope.isFrom(message, this.nodeUtf8)) {
			// This node's own lines, back from Redis: its members already have them.
			return;
		}
		Map<String, long[]> origins = room ? this.lastSeen.computeIfAbsent(channel, (c) -> new ConcurrentHashMap<>())
				: null;
		if (Envelope.isPack(message)) {
			try {
				Envelope.unpack(message, (envelope) -> one(channel, origins, envelope));
			}
			catch (IllegalArgumentException ex) {
				logger.debug("Ignored a message on " + channel + ": " + ex.getMessage());
			}
			return;
		}
		one(channel, origins, message);
	}

	/**
	 * @param origins for a room channel, the last number seen from each origin node;
	 * {@code null} for other channels
	 */
	private void one(String channel, @Nullable Map<String, long[]> origins, byte[] message) {
		Envelope.Header header;
		try {
			header = Envelope.header(message);
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Ignored a message on " + channel + ": " + ex.getMessage());
			return;
		}
		if (header.kind() == Envelope.Kind.HEARTBEAT) {
			Heartbeats listener = this.heartbeats;
			if (listener != null) {
				listener.heard(header.origin(), header.epoch());
			}
			return;
		}
		if (header.origin().equals(this.node)) {
			return;
		}
		long[] last = (origins != null) ? origins.get(header.origin()) : null;
		if (last != null && last[0] == header.epoch() && header.sequence() <= last[1]) {
			// Late (overtaken during a slot move) or repeated: it was already reported
			// lost, and delivering it now would break the sender's order.
			return;
		}
		if (last != null && last[0] == header.epoch() && header.sequence() > last[1] + 1) {
			this.metrics.gap();
			if (!this.incoming.offer(new Incoming(null, Keys.roomOfChannel(channel), last[2], header.timestamp()))) {
				logger.debug("No room to report a gap in " + channel);
			}
		}
		if (!this.incoming.offer(new Incoming(message, null, 0, 0))) {
			this.metrics.dropped(ClusterMetrics.Dropped.RECEIVE_QUEUE_FULL, 1);
			// Not recorded as seen: the next message shows the gap.
			return;
		}
		this.metrics.received();
		if (origins != null) {
			if (last != null && last[0] == header.epoch()) {
				last[1] = header.sequence();
				last[2] = header.timestamp();
			}
			else {
				origins.put(header.origin(), new long[] { header.epoch(), header.sequence(), header.timestamp() });
			}
		}
	}

	/**
	 * A channel was subscribed (again, after the subscriber reconnected): whatever was
	 * missed meanwhile is reported once for the whole outage, so numbering on it starts
	 * afresh. Called on the subscriber's I/O thread before any message of the new
	 * subscription.
	 */
	void subscribed(String channel) {
		this.lastSeen.remove(channel);
	}

	/**
	 * Forgets every room's last sequence number: after the link was down, users are told
	 * of the whole outage at once, not once more per room.
	 */
	void resetSequences() {
		this.lastSeen.clear();
	}

	private void receiveLoop() {
		while (this.running) {
			try {
				Incoming next = this.incoming.take();
				if (next.envelope() == null) {
					gap(next);
				}
				else {
					dispatch(Envelope.decode(next.envelope()));
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not hand on a message from another node", ex);
			}
		}
	}

	private void gap(Incoming gap) {
		String key = gap.room();
		if (key != null) {
			this.localRooms.publish(key,
					Delivery.of(new Event.Gap(gap.since(), gap.until(), this.localRooms.displayNameOr(key, key))),
					null);
		}
	}

	private void dispatch(Envelope envelope) {
		switch (envelope.body()) {
			case Envelope.Room room -> {
				if (room.event() instanceof Event.Topic topic) {
					// This node's copy, for when Redis does not answer or restarted
					// empty.
					this.localRooms.topic(room.key(), topic.text().isEmpty() ? null
							: new RoomTopic(topic.text(), topic.nick(), envelope.timestamp() / 1000));
				}
				this.localRooms.publish(room.key(), new Delivery(room.event(), envelope.timestamp()), null);
			}
			case Envelope.Once once -> {
				// Not the epoch: each channel's copy carries its own numbering's epoch.
				String id = envelope.origin() + '/' + once.id();
				if (once.event() instanceof Event.Quit quit && Janitor.REASON.equals(quit.reason())
						&& this.localNicks.find(quit.nick()) != null) {
					// This node's own user, declared lost by a node that thought this one
					// dead: nobody here should see it quit; claim everything again.
					Runnable listener = this.declaredDead;
					if (listener != null) {
						listener.run();
					}
					return;
				}
				if (this.seenOnce.putIfAbsent(id, Boolean.TRUE) == null) {
					this.localRooms.publishOnce(once.keys(), new Delivery(once.event(), envelope.timestamp()), null);
				}
			}
			case Envelope.Direct direct -> {
				Session target = this.localNicks.find(direct.nick());
				if (target != null && target.connectionId().equals(direct.connectionId())) {
					target.deliver(new Delivery(direct.event(), envelope.timestamp()));
				}
			}
			case Envelope.Kick kick ->
				this.presence.getObject().kickHere(kick.nick(), kick.connectionId(), kick.reason());
			case Envelope.Rename rename -> this.presence.getObject()
				.renameHere(rename.nick(), rename.connectionId(), ErrorCode.NICK_TAKEN_OVER, rename.reason());
			case Envelope.Announce announce -> this.presence.getObject().announceHere(announce.event());
			case Envelope.Heartbeat heartbeat -> {
			}
		}
	}

	private record Outgoing(String channel, byte[] envelope, boolean counted) {
	}

	private record Incoming(byte @Nullable [] envelope, @Nullable String room, long since, long until) {
	}

}
