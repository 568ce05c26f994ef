package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which nodes are alive: every node publishes a heartbeat on the control channel; a node
 * not heard from for {@code node-timeout} is dead. This node also hears its own heartbeat
 * come back, which proves its subscriber still receives (a subscriber can stay connected
 * to a Redis that no longer sends it anything).
 */
final class NodeDirectory implements Backplane.Heartbeats {

	private final String self;

	private final long selfEpoch;

	private final long timeoutNanos;

	private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

	private volatile long selfHeard;

	// The last heartbeat under this node's name from another process (another epoch):
	// two live processes given the same node-id.
	private volatile long twinHeard;

	private volatile long twinEpoch;

	NodeDirectory(String self, long selfEpoch, long timeoutNanos) {
		this.self = self;
		this.selfEpoch = selfEpoch;
		this.timeoutNanos = timeoutNanos;
	}

	String self() {
		return this.self;
	}

	@Override
	public void heard(String node, long epoch) {
		long now = System.nanoTime();
		if (node.equals(this.self)) {
			if (epoch == this.selfEpoch) {
				this.selfHeard = now;
			}
			else {
				this.twinEpoch = epoch;
				this.twinHeard = now;
			}
			return;
		}
		this.lastHeard.put(node, now);
	}

	/**
	 * Counts a node as heard now (a node found in Redis at start gets a full timeout).
	 */
	void expect(String node) {
		if (!node.equals(this.self)) {
			this.lastHeard.putIfAbsent(node, System.nanoTime());
		}
	}

	/**
	 * Gives every known node a full timeout from now: after this node was cut off, the
	 * silence it saw was its own, not theirs.
	 */
	void refreshAll() {
		long now = System.nanoTime();
		this.lastHeard.replaceAll((node, heard) -> now);
	}

	boolean isAlive(String node) {
		if (node.equals(this.self)) {
			return true;
		}
		Long heard = this.lastHeard.get(node);
		return heard != null && System.nanoTime() - heard < this.timeoutNanos;
	}

	/**
	 * @return the nodes silent for longer than the timeout, forgotten by this call
	 */
	List<String> takeDead() {
		long now = System.nanoTime();
		List<String> dead = new ArrayList<>();
		this.lastHeard.forEach((node, heard) -> {
			if (now - heard >= this.timeoutNanos && this.lastHeard.remove(node, heard)) {
				dead.add(node);
			}
		});
		return dead;
	}

	/**
	 * @param since a {@link System#nanoTime()}
	 * @return the epoch of another process that said it is alive under this node's name
	 * since then, or 0
	 */
	long twinHeardSince(long since) {
		long heard = this.twinHeard;
		return (heard != 0 && heard - since >= 0) ? this.twinEpoch : 0;
	}

	/**
	 * @return nanoseconds since this node last heard its own heartbeat (0 if never)
	 */
	long sinceSelfHeard() {
		long heard = this.selfHeard;
		return (heard == 0) ? Long.MAX_VALUE : System.nanoTime() - heard;
	}

	/**
	 * @return this node first, then the other live nodes by name
	 */
	List<String> live() {
		List<String> nodes = new ArrayList<>();
		nodes.add(this.self);
		this.lastHeard.keySet().stream().filter(this::isAlive).sorted().forEach(nodes::add);
		return nodes;
	}

}
