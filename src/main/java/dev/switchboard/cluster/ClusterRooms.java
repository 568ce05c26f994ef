package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.Event;
import dev.switchboard.routing.Privilege;
import dev.switchboard.routing.RoomModes;
import dev.switchboard.routing.RoomTopic;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link Rooms} for a cluster: this node's members stay in the single-node rooms (which
 * deliver to them, as always), every event is also published on the room's Redis channel
 * for the other nodes, and membership is mirrored in a Redis hash per room so that member
 * counts, {@code /who} and {@code /rooms} cover the whole cluster. This node subscribes
 * to a room's channel while it has members there. A question Redis does not answer within
 * the command timeout gets this node's own answer.
 */
final class ClusterRooms implements Rooms {

	private static final Log logger = LogFactory.getLog(ClusterRooms.class);

	private static final String JOIN = """
			redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
			redis.call('set', KEYS[2], ARGV[3], 'NX')
			return {redis.call('hlen', KEYS[1]), redis.call('get', KEYS[2])}""";

	private static final String LEAVE = """
			redis.call('hdel', KEYS[1], ARGV[1])
			if redis.call('hlen', KEYS[1]) == 0 then redis.call('del', KEYS[2], KEYS[3]) return 0 end
			return 1""";

	/**
	 * Writes a node's copy of a room's topic back unless Redis holds a newer one
	 * ({@code setAt|nick|text}, compared by {@code setAt}).
	 */
	private static final String RESTORE_TOPIC = """
			local v = redis.call('get', KEYS[1])
			if v then
			  local at = tonumber(string.match(v, '^(%d+)|') or '0')
			  if at >= tonumber(ARGV[1]) then return 0 end
			end
			redis.call('set', KEYS[1], ARGV[2])
			return 1
			""";

	/** Sets a member's nick, keeping the time it joined if Redis still has it. */
	private static final String ASSERT = """
			local v = redis.call('hget', KEYS[1], ARGV[1])
			local ts = ARGV[3]
			if v then ts = string.match(v, '^(%d+)|') or ARGV[3] end
			redis.call('hset', KEYS[1], ARGV[1], ts .. '|' .. ARGV[2])
			redis.call('set', KEYS[2], ARGV[4], 'NX')
			return 1""";

	private static final int STRIPES = 64;

	private final Rooms local;

	private final RedisLink link;

	private final Backplane backplane;

	private final String node;

	private final Predicate<String> alive;

	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	ClusterRooms(Rooms local, RedisLink link, Backplane backplane, String node, Predicate<String> alive) {
		this.local = local;
		this.link = link;
		this.backplane = backplane;
		this.node = node;
		this.alive = alive;
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/**
	 * Subscribes to the room's channel first (a joiner misses nothing published after it
	 * is told it joined), records the membership in Redis, whose count is the cluster's,
	 * and joins here last, under the cluster's display name of the room, so the joiner
	 * gets nothing from the room before it is told it joined. All under the room's lock,
	 * so a leave cannot unsubscribe in between.
	 */
	@Override
	public int join(String key, String displayName, Session session) {
		ReentrantLock lock = stripe(key);
		lock.lock();
		try {
			String shown = this.local.displayName(key);
			if (shown == null) {
				shown = clusterName(key, displayName);
			}
			subscribe(key);
			long members = -1;
			try {
				List<Object> reply = this.link
					.await(eval(JOIN, ScriptOutputType.MULTI, keys(key), Keys.member(this.node, session.connectionId()),
							System.currentTimeMillis() + "|" + session.nick(), shown));
				members = (Long) reply.get(0);
				if (this.local.displayName(key) == null && reply.size() > 1 && reply.get(1) instanceof String name) {
					// The first member here: the room's spelling is the cluster's, which
					// another node may have set between the look-up above and this join.
					shown = name;
				}
				indexAsync(key);
			}
			catch (Unavailable ex) {
				logger.debug("Join of #" + key + " counted on this node only: " + ex.getMessage());
			}
			int here = this.local.join(key, shown, session);
			return (int) Math.max(members, here);
		}
		finally {
			lock.unlock();
		}
	}

	private String clusterName(String key, String fallback) {
		try {
			var commands = this.link.commands();
			String name = this.link.await((commands != null) ? commands.get(Keys.roomName(key)) : null);
			return (name != null) ? name : fallback;
		}
		catch (Unavailable ex) {
			return fallback;
		}
	}

	@Override
	public void leave(String key, Session session) {
		ReentrantLock lock = stripe(key);
		lock.lock();
		try {
			this.local.leave(key, session);
			if (this.local.displayName(key) == null && this.subscribed.remove(key)) {
				this.link.unsubscribe(Keys.roomChannel(key));
				this.backplane.forget(Keys.roomChannel(key));
				var commands = this.link.commands();
				if (commands != null) {
					commands.srem(Keys.nodeRooms(this.node), key);
				}
			}
		}
		finally {
			lock.unlock();
		}
		var commands = this.link.commands();
		if (commands != null) {
			RedisFuture<Long> left = commands.eval(LEAVE, ScriptOutputType.INTEGER, keys(key),
					Keys.member(this.node, session.connectionId()));
			left.thenAccept((remaining) -> {
				if (remaining == 0) {
					commands.srem(Keys.ROOMS, key);
				}
			});
		}
	}

	@Override
	public void renamed(Session session, String oldNick) {
		var commands = this.link.commands();
		if (commands == null) {
			return;
		}
		for (String key : session.rooms()) {
			commands.eval(ASSERT, ScriptOutputType.INTEGER, keys(key), Keys.member(this.node, session.connectionId()),
					session.nick(), String.valueOf(System.currentTimeMillis()), this.local.displayNameOr(key, key));
		}
	}

	@Override
	public int publish(String key, Delivery delivery, @Nullable Session except) {
		if (crossesNodes(delivery.event())) {
			this.backplane.publishRoom(key, delivery);
		}
		return this.local.publish(key, delivery, except);
	}

	@Override
	public void publishOnce(Collection<String> keys, Delivery delivery, @Nullable Session except) {
		if (crossesNodes(delivery.event())) {
			this.backplane.publishOnce(List.copyOf(keys), delivery);
		}
		this.local.publishOnce(keys, delivery, except);
	}

	@Override
	public @Nullable String displayName(String key) {
		String name = this.local.displayName(key);
		if (name != null) {
			return name;
		}
		try {
			var commands = this.link.commands();
			return this.link.await((commands != null) ? commands.get(Keys.roomName(key)) : null);
		}
		catch (Unavailable ex) {
			return null;
		}
	}

	// Room operators and modes are kept by each node for its own members, so their news
	// stays on the node too (docs/CLUSTER.md "Room operators and modes"); a kick, which
	// changes the room's membership for everyone, crosses.
	private static boolean crossesNodes(Event event) {
		return !(event instanceof Event.ModeChanged || event instanceof Event.Invited || event instanceof Event.Modes);
	}

	@Override
	public @Nullable Session member(String key, String nick) {
		return this.local.member(key, nick);
	}

	@Override
	public boolean has(String key, Session session, Privilege privilege) {
		return this.local.has(key, session, privilege);
	}

	@Override
	public boolean grant(String key, Session member, Privilege privilege, boolean held) {
		return this.local.grant(key, member, privilege, held);
	}

	@Override
	public List<String> holders(String key, Privilege privilege) {
		return this.local.holders(key, privilege);
	}

	@Override
	public @Nullable Session handOver(String key) {
		return this.local.handOver(key);
	}

	@Override
	public @Nullable RoomModes modes(String key) {
		return this.local.modes(key);
	}

	@Override
	public @Nullable RoomModes modes(String key, UnaryOperator<RoomModes> change) {
		return this.local.modes(key, change);
	}

	@Override
	public long created(String key) {
		return this.local.created(key);
	}

	@Override
	public void invite(String key, String nick) {
		this.local.invite(key, nick);
	}

	@Override
	public boolean takeInvitation(String key, String nick) {
		return this.local.takeInvitation(key, nick);
	}

	/**
	 * The cluster's topic, in Redis ({@code sb:room:{key}:topic}, gone with the room's
	 * last member); this node's copy while Redis does not answer.
	 */
	@Override
	public @Nullable RoomTopic topic(String key) {
		try {
			var commands = this.link.commands();
			if (commands == null) {
				return this.local.topic(key);
			}
			return decodeTopic(this.link.await(commands.get(Keys.roomTopic(key))));
		}
		catch (Unavailable ex) {
			return this.local.topic(key);
		}
	}

	/**
	 * Sets it here and in Redis; a Redis that does not answer leaves it set here only.
	 */
	@Override
	public boolean topic(String key, @Nullable RoomTopic topic) {
		if (!this.local.topic(key, topic)) {
			return false;
		}
		try {
			var commands = this.link.commands();
			if (commands != null) {
				if (topic != null) {
					this.link.await(commands.set(Keys.roomTopic(key), encodeTopic(topic)));
				}
				else {
					this.link.await(commands.del(Keys.roomTopic(key)));
				}
			}
		}
		catch (Unavailable ex) {
			logger.debug("Topic of #" + key + " set on this node only: " + ex.getMessage());
		}
		return true;
	}

	static String encodeTopic(RoomTopic topic) {
		return topic.setAt() + "|" + topic.nick() + "|" + topic.text();
	}

	static @Nullable RoomTopic decodeTopic(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int first = value.indexOf('|');
		int second = value.indexOf('|', first + 1);
		if (first < 0 || second < 0) {
			return null;
		}
		try {
			return new RoomTopic(value.substring(second + 1), value.substring(first + 1, second),
					Long.parseLong(value.substring(0, first)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public List<String> nicks(String key) {
		try {
			var commands = this.link.commands();
			Map<String, String> members = this.link
				.await((commands != null) ? commands.hgetall(Keys.members(key)) : null);
			record Member(long since, String field, String nick) {
			}
			List<Member> live = new ArrayList<>(members.size());
			members.forEach((field, value) -> {
				int bar = value.indexOf('|');
				int nodeEnd = field.indexOf('|');
				if (bar > 0 && nodeEnd > 0 && this.alive.test(field.substring(0, nodeEnd))) {
					live.add(new Member(parse(value.substring(0, bar)), field, value.substring(bar + 1)));
				}
			});
			live.sort(Comparator.comparingLong(Member::since).thenComparing(Member::field));
			return live.stream().map(Member::nick).toList();
		}
		catch (Unavailable ex) {
			return this.local.nicks(key);
		}
	}

	@Override
	public List<Event.RoomCount> counts() {
		var commands = this.link.commands();
		try {
			Set<String> keys = this.link.await((commands != null) ? commands.smembers(Keys.ROOMS) : null);
			List<String> ordered = List.copyOf(keys);
			List<RedisFuture<Long>> sizes = new ArrayList<>(ordered.size());
			List<RedisFuture<String>> names = new ArrayList<>(ordered.size());
			for (String key : ordered) {
				sizes.add(commands.hlen(Keys.members(key)));
				names.add(commands.get(Keys.roomName(key)));
			}
			this.link.await(CompletableFuture
				.allOf(sizes.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new)));
			this.link.await(CompletableFuture
				.allOf(names.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new)));
			List<Event.RoomCount> counts = new ArrayList<>();
			for (int i = 0; i < ordered.size(); i++) {
				long size = sizes.get(i).toCompletableFuture().join();
				String name = names.get(i).toCompletableFuture().join();
				if (size > 0) {
					counts.add(new Event.RoomCount((name != null) ? name : ordered.get(i), (int) size));
				}
			}
			counts.sort(Comparator.comparing(Event.RoomCount::room, String.CASE_INSENSITIVE_ORDER));
			return counts;
		}
		catch (Unavailable ex) {
			return this.local.counts();
		}
	}

	@Override
	public int size() {
		return this.local.size();
	}

	/**
	 * Subscribes again to the channel of every room with members here and re-writes their
	 * membership (after a reconnect: Redis may have restarted empty).
	 */
	void reassert(Collection<Session> sessions) {
		List<String> channels = this.subscribed.stream().map(Keys::roomChannel).toList();
		if (!channels.isEmpty()) {
			this.link.subscribe(channels.toArray(String[]::new));
		}
		var commands = this.link.commands();
		if (commands == null) {
			return;
		}
		String now = String.valueOf(System.currentTimeMillis());
		for (Session session : sessions) {
			for (String key : session.rooms()) {
				commands.eval(ASSERT, ScriptOutputType.INTEGER, keys(key),
						Keys.member(this.node, session.connectionId()), session.nick(), now,
						this.local.displayNameOr(key, key));
			}
		}
		for (String key : this.subscribed) {
			indexAsync(key);
			// A Redis that restarted empty lost the topics: every node that knows one
			// writes it back, and the newest wins (one set during the outage included).
			RoomTopic topic = this.local.topic(key);
			if (topic != null) {
				commands.eval(RESTORE_TOPIC, ScriptOutputType.INTEGER, new String[] { Keys.roomTopic(key) },
						String.valueOf(topic.setAt()), encodeTopic(topic));
			}
		}
	}

	/**
	 * Tells the other nodes' members that this node's users are in their rooms again:
	 * after another node announced them as lost (this node was cut off past the node
	 * timeout), they saw each one quit. One join notice per user and room, to other nodes
	 * only (this node's members never saw them go).
	 * @return how many notices were sent
	 */
	int announceReturn(Collection<Session> sessions) {
		int told = 0;
		for (Session session : sessions) {
			if (session.isClosing()) {
				continue;
			}
			for (String key : session.rooms()) {
				String shown = this.local.displayNameOr(key, key);
				this.backplane.publishRoom(key,
						Delivery.of(new Event.Joined(shown, session.nick(), false, clusterMembers(key))));
				told++;
			}
		}
		return told;
	}

	private int clusterMembers(String key) {
		var commands = this.link.commands();
		try {
			Long members = this.link.await((commands != null) ? commands.hlen(Keys.members(key)) : null);
			return (members != null) ? members.intValue() : this.local.nicks(key).size();
		}
		catch (Unavailable ex) {
			return this.local.nicks(key).size();
		}
	}

	/** Adds every room with members here to the room index again. */
	void repairIndex() {
		for (String key : this.subscribed) {
			indexAsync(key);
		}
	}

	private void subscribe(String key) {
		if (this.subscribed.add(key)) {
			try {
				// The joiner is told it joined only once the channel is subscribed, so it
				// misses nothing said after that.
				this.link.await(this.link.subscribe(Keys.roomChannel(key)));
			}
			catch (Unavailable ex) {
				// Stays in the set: subscribed again when the link comes back.
				logger.debug("Subscribing to #" + key + " failed for now: " + ex.getMessage());
			}
		}
	}

	private void indexAsync(String key) {
		var commands = this.link.commands();
		if (commands != null) {
			commands.sadd(Keys.ROOMS, key);
			commands.sadd(Keys.nodeRooms(this.node), key);
		}
	}

	private <T> @Nullable RedisFuture<T> eval(String script, ScriptOutputType type, String[] keys, String... args) {
		var commands = this.link.commands();
		return (commands != null) ? commands.eval(script, type, keys, args) : null;
	}

	private static String[] keys(String key) {
		return new String[] { Keys.members(key), Keys.roomName(key), Keys.roomTopic(key) };
	}

	private ReentrantLock stripe(String key) {
		return this.stripes[Math.floorMod(key.hashCode(), STRIPES)];
	}

	private static long parse(String number) {
		try {
			return Long.parseLong(number);
		}
		catch (NumberFormatException ex) {
			return Long.MAX_VALUE;
		}
	}

}
