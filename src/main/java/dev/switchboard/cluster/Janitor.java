package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.Event;
import dev.switchboard.routing.Rooms;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Cleans up after a dead node (killed, lost power, cut off for longer than the node
 * timeout): one surviving node wins a lock and removes the dead node's room memberships
 * and nick leases, and everyone who shared a room with one of its users sees that user
 * quit once, with reason {@code server lost}. A node also runs it for its own name at
 * start, for what a previous process of the same name left behind.
 */
final class Janitor {

	static final String REASON = "server lost";

	/**
	 * How long a node that was declared lost has to come back and say its users are back.
	 */
	static final Duration LOST_MARK = Duration.ofDays(1);

	private static final Log logger = LogFactory.getLog(Janitor.class);

	private final RedisLink link;

	private final String self;

	private final Rooms rooms;

	private final Backplane backplane;

	private final Duration nodeTimeout;

	Janitor(RedisLink link, String self, Rooms rooms, Backplane backplane, Duration nodeTimeout) {
		this.link = link;
		this.self = self;
		this.rooms = rooms;
		this.backplane = backplane;
		this.nodeTimeout = nodeTimeout;
	}

	/** Cleans up after the node if this node wins the right to; @return true if it did */
	boolean cleanUpAfter(String node) {
		var commands = this.link.commands();
		if (commands == null) {
			return false;
		}
		String won = this.link.await(commands.set(Keys.janitor(node), this.self, SetArgs.Builder.nx().px(60_000)));
		if (!"OK".equals(won)) {
			return false;
		}
		int users = cleanUp(node);
		// The lock only keeps the other survivors, who judged the same silence, from
		// cleaning up twice. Held longer, it would hide the node's next death: a node
		// that comes back and dies again is judged after node-timeout of new silence, and
		// must find the lock free by then.
		commands.pexpire(Keys.janitor(node), this.nodeTimeout.toMillis());
		logger.info("Node " + node + " is gone: " + users + " of its users quit (" + REASON + ")");
		return true;
	}

	/**
	 * Removes a dead node's traces and announces its users' quits to everyone.
	 * @return how many users quit
	 */
	int cleanUp(String node) {
		return cleanUp(node, (connection) -> false, (nick) -> false, REASON, true);
	}

	/**
	 * After this node was cut off from Redis: removes what its sessions that ended
	 * meanwhile left in Redis (their leaves and releases could not be sent), and tells
	 * the other nodes' users they quit; what this node's sessions still hold is kept.
	 * @return how many users quit
	 */
	int reconcile(Predicate<String> connectionHere, Predicate<String> nickHere) {
		return cleanUp(this.self, connectionHere, nickHere, "connection closed", false);
	}

	private int cleanUp(String node, Predicate<String> connectionHere, Predicate<String> nickHere, String reason,
			boolean tellThisNode) {
		var commands = this.link.commands();
		if (commands == null) {
			return 0;
		}
		Set<String> roomKeys = this.link.await(commands.smembers(Keys.nodeRooms(node)));
		String prefix = node + "|";
		Map<String, String> nicks = new LinkedHashMap<>();
		Map<String, List<String>> roomsOf = new LinkedHashMap<>();
		for (String key : roomKeys) {
			Map<String, String> members = this.link.await(commands.hgetall(Keys.members(key)));
			List<String> gone = new ArrayList<>();
			members.forEach((field, value) -> {
				if (field.startsWith(prefix) && !connectionHere.test(field.substring(prefix.length()))) {
					gone.add(field);
					int bar = value.indexOf('|');
					nicks.put(field, (bar >= 0) ? value.substring(bar + 1) : value);
					roomsOf.computeIfAbsent(field, (f) -> new ArrayList<>()).add(key);
				}
			});
			if (!gone.isEmpty()) {
				this.link.await(commands.hdel(Keys.members(key), gone.toArray(String[]::new)));
				if (this.link.await(commands.hlen(Keys.members(key))) == 0) {
					commands.del(Keys.roomName(key), Keys.roomTopic(key));
					commands.srem(Keys.ROOMS, key);
				}
			}
		}
		// Nicks first: whoever sees the quit can take the nick at once.
		Set<String> claims = this.link.await(commands.smembers(Keys.nodeNicks(node)));
		for (String nick : claims) {
			if (!nickHere.test(nick)) {
				this.link.await(commands.eval(ClusterNicks.RELEASE_NODE, ScriptOutputType.INTEGER,
						new String[] { Keys.lease(nick) }, prefix));
				commands.srem(Keys.nodeNicks(node), nick);
			}
		}
		roomsOf.forEach((field, keys) -> {
			Delivery quit = Delivery.of(new Event.Quit(nicks.get(field), reason));
			if (tellThisNode) {
				this.rooms.publishOnce(keys, quit, null);
			}
			else {
				this.backplane.publishOnce(keys, quit);
			}
		});
		if (tellThisNode) {
			if (!roomsOf.isEmpty()) {
				// If the node was only cut off, it tells everyone its users are back.
				commands.set(Keys.lost(node), String.valueOf(System.currentTimeMillis()),
						SetArgs.Builder.px(LOST_MARK.toMillis()));
			}
			commands.del(Keys.nodeRooms(node), Keys.nodeNicks(node));
			commands.hdel(Keys.NODES, node);
		}
		return roomsOf.size();
	}

}
