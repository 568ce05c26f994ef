package dev.switchboard.cluster;

import java.util.Collection;
import java.util.function.BiConsumer;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.Nicks;
import dev.switchboard.session.Session;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link Nicks} for a cluster: a nick is a claim in Redis ({@code sb:nick:{key}} =
 * {@code node|connection}, set only if absent), freed by compare-and-delete when its
 * session lets it go, or by the janitor when its node dies, so two users racing for one
 * nick on two nodes cannot both win. Claims carry no expiry: renewing a million of them
 * would cost Redis more than the chat; a node's liveness is its heartbeat instead. This
 * node's own sessions stay in the single-node nicks, which answer {@link #find}. Guest
 * nicks carry this node's tag and are unique by construction: connecting never waits on
 * Redis.
 */
final class ClusterNicks implements Nicks {

	private static final Log logger = LogFactory.getLog(ClusterNicks.class);

	/** 1 if the nick is now this owner's (new, or already this owner's), else 0. */
	static final String CLAIM = """
			local v = redis.call('get', KEYS[1])
			if v == false then redis.call('set', KEYS[1], ARGV[1]) return 1 end
			if v == ARGV[1] then return 1 end
			return 0""";

	/** Deletes the lease only if it is still this owner's. */
	static final String RELEASE = """
			if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
			return 0""";

	/** Deletes the lease if its owner is on the given node (prefix {@code node|}). */
	static final String RELEASE_NODE = """
			local v = redis.call('get', KEYS[1])
			if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call('del', KEYS[1]) end
			return 0""";

	private final Nicks local;

	private final RedisLink link;

	private final String node;

	private final String guestPrefix;

	ClusterNicks(Nicks local, RedisLink link, String node) {
		this.local = local;
		this.link = link;
		this.node = node;
		this.guestPrefix = "guest-" + tag(node) + "-";
	}

	@Override
	public boolean claim(String nick, Session session) {
		if (!this.local.claim(nick, session)) {
			return false;
		}
		String key = NameRules.key(nick);
		if (key.startsWith(this.guestPrefix)) {
			// Unique by construction: recorded in Redis without waiting.
			claimAsync(key, session);
			return true;
		}
		long won;
		try {
			var commands = this.link.commands();
			won = this.link.await((commands != null)
					? commands.eval(CLAIM, ScriptOutputType.INTEGER, new String[] { Keys.lease(key) }, owner(session))
					: null);
		}
		catch (Unavailable ex) {
			this.local.release(nick, session);
			// A claim that timed out may still run when Redis wakes up: the release
			// queued
			// behind it on the same connection undoes it.
			var commands = this.link.commands();
			if (commands != null) {
				commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] { Keys.lease(key) }, owner(session));
			}
			throw new ProtocolException(ErrorCode.UNAVAILABLE,
					"Nicks cannot change while this server cannot reach the others; you are still " + session.nick()
							+ ". Try again shortly.");
		}
		if (won == 0) {
			this.local.release(nick, session);
			return false;
		}
		var commands = this.link.commands();
		if (commands != null) {
			commands.sadd(Keys.nodeNicks(this.node), key);
		}
		return true;
	}

	private void claimAsync(String key, Session session) {
		var commands = this.link.commands();
		if (commands != null) {
			commands.eval(CLAIM, ScriptOutputType.INTEGER, new String[] { Keys.lease(key) }, owner(session));
			commands.sadd(Keys.nodeNicks(this.node), key);
		}
	}

	@Override
	public void release(String nick, Session session) {
		this.local.release(nick, session);
		var commands = this.link.commands();
		if (commands != null) {
			String key = NameRules.key(nick);
			var released = commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] { Keys.lease(key) },
					owner(session));
			commands.srem(Keys.nodeNicks(this.node), key);
			try {
				// Waited for (at most the command timeout): once a rename is confirmed,
				// or
				// a quit seen, the old nick is free everywhere.
				this.link.await(released);
			}
			catch (Unavailable ex) {
				// Freed by the reconcile after the reconnect.
			}
		}
	}

	@Override
	public @Nullable Session find(String nick) {
		return this.local.find(nick);
	}

	/** Asks Redis for the nick's claim when this node does not hold it. */
	@Override
	public boolean isTaken(String nick) {
		if (this.local.find(nick) != null) {
			return true;
		}
		try {
			var commands = this.link.commands();
			String owner = this.link.await((commands != null) ? commands.get(Keys.lease(NameRules.key(nick))) : null);
			return owner != null;
		}
		catch (Unavailable ex) {
			throw new ProtocolException(ErrorCode.UNAVAILABLE,
					"Cannot reach the other servers right now, so whether " + nick + " is online is not known.");
		}
	}

	@Override
	public String guest(long n) {
		return this.guestPrefix + n;
	}

	@Override
	public int size() {
		return this.local.size();
	}

	/**
	 * Re-writes the claim of every session's nick (after a reconnect: Redis may have
	 * restarted empty, or declared this node dead and freed its nicks); a session whose
	 * nick someone else took meanwhile is handed to {@code lost}. Returns at once; the
	 * answers come later.
	 */
	void reclaim(Collection<Session> sessions, BiConsumer<Session, String> lost) {
		var commands = this.link.commands();
		if (commands == null) {
			return;
		}
		for (Session session : sessions) {
			String nick = session.nick();
			String key = NameRules.key(nick);
			RedisFuture<Long> reclaimed = commands.eval(CLAIM, ScriptOutputType.INTEGER,
					new String[] { Keys.lease(key) }, owner(session));
			commands.sadd(Keys.nodeNicks(this.node), key);
			reclaimed.thenAccept((won) -> {
				if (won == 0 && nick.equals(session.nick()) && !session.isClosing()) {
					logger.info("Nick " + nick + " was taken elsewhere while this node was cut off; renaming");
					Thread.ofVirtual().start(() -> lost.accept(session, nick));
				}
			});
		}
	}

	private String owner(Session session) {
		return Keys.member(this.node, session.connectionId());
	}

	/**
	 * Four letters or digits from the node id: guest nicks of two nodes do not collide.
	 */
	static String tag(String node) {
		String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
		long hash = Integer.toUnsignedLong(node.hashCode()) * 2654435761L;
		StringBuilder tag = new StringBuilder(4);
		tag.append(alphabet.charAt((int) Math.floorMod(hash, 26L)));
		hash /= 26;
		for (int i = 0; i < 3; i++) {
			tag.append(alphabet.charAt((int) Math.floorMod(hash, 36L)));
			hash /= 36;
		}
		return tag.toString();
	}

}
