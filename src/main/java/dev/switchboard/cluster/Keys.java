package dev.switchboard.cluster;

/**
 * Every Redis key and channel name Switchboard uses (docs/CLUSTER.md "Data in Redis").
 * All of one room's keys and its channel share the hash tag {@code {room}}, and so one
 * slot of a Redis Cluster; per-room scripts never cross slots.
 */
final class Keys {

	static final String CONTROL = "sb:ctl";

	static final String NODES = "sb:nodes";

	static final String ROOMS = "sb:rooms";

	private static final String ROOM_CHANNEL = "sb:r:{";

	private Keys() {
	}

	static String roomChannel(String room) {
		return ROOM_CHANNEL + room + "}";
	}

	static boolean isRoomChannel(String channel) {
		return channel.startsWith(ROOM_CHANNEL) && channel.endsWith("}");
	}

	/**
	 * @return the room key of a room channel, or {@code null} for another channel
	 */
	static @org.jspecify.annotations.Nullable String roomOfChannel(String channel) {
		return channel.startsWith(ROOM_CHANNEL) && channel.endsWith("}")
				? channel.substring(ROOM_CHANNEL.length(), channel.length() - 1) : null;
	}

	static String nodeChannel(String node) {
		return "sb:n:" + node;
	}

	static String members(String room) {
		return "sb:room:{" + room + "}:m";
	}

	static String roomName(String room) {
		return "sb:room:{" + room + "}:name";
	}

	/** A room's topic: {@code setAt|nick|text}; in the room's hash slot. */
	static String roomTopic(String room) {
		return "sb:room:{" + room + "}:topic";
	}

	static String lease(String nickKey) {
		return "sb:nick:{" + nickKey + "}";
	}

	static String nodeRooms(String node) {
		return "sb:node:" + node + ":rooms";
	}

	static String nodeNicks(String node) {
		return "sb:node:" + node + ":nicks";
	}

	static String janitor(String node) {
		return "sb:janitor:" + node;
	}

	/**
	 * Set when a node's users were announced as lost; read and deleted when it comes
	 * back.
	 */
	static String lost(String node) {
		return "sb:lost:" + node;
	}

	/** A member's field in a room's hash: {@code node|connection}. */
	static String member(String node, String connectionId) {
		return node + "|" + connectionId;
	}

}
