package dev.switchboard.routing;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.Event;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The embedded, single-node {@link Rooms}. Each room's members are an immutable array
 * replaced on join and leave inside {@link ConcurrentHashMap#compute}, so membership
 * changes of one room are serialised while publishing reads a stable snapshot with no
 * lock.
 */
@Component
class LocalRooms implements Rooms {

	private static final Session[] EMPTY = {};

	private final Map<String, Room> rooms = new ConcurrentHashMap<>();

	@Override
	public int join(String key, String displayName, Session session) {
		Room room = this.rooms.compute(key, (k, existing) -> {
			Room target = (existing != null) ? existing : new Room(displayName);
			target.add(session);
			return target;
		});
		return room.members.length;
	}

	@Override
	public void leave(String key, Session session) {
		this.rooms.computeIfPresent(key, (k, room) -> room.remove(session) ? null : room);
	}

	@Override
	public int publish(String key, Delivery delivery, @Nullable Session except) {
		Room room = this.rooms.get(key);
		int queued = 0;
		if (room != null) {
			for (Session member : room.members) {
				if (member != except && member.deliver(delivery)) {
					queued++;
				}
			}
		}
		return queued;
	}

	@Override
	public void publishOnce(Collection<String> keys, Delivery delivery, @Nullable Session except) {
		Set<Session> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (String key : keys) {
			Room room = this.rooms.get(key);
			if (room != null) {
				for (Session member : room.members) {
					if (member != except && seen.add(member)) {
						member.deliver(delivery);
					}
				}
			}
		}
	}

	@Override
	public @Nullable String displayName(String key) {
		Room room = this.rooms.get(key);
		return (room != null) ? room.name : null;
	}

	@Override
	public @Nullable RoomTopic topic(String key) {
		Room room = this.rooms.get(key);
		return (room != null) ? room.topic : null;
	}

	@Override
	public boolean topic(String key, @Nullable RoomTopic topic) {
		return this.rooms.computeIfPresent(key, (k, room) -> {
			room.topic = topic;
			return room;
		}) != null;
	}

	@Override
	public List<String> nicks(String key) {
		Room room = this.rooms.get(key);
		return (room != null) ? Arrays.stream(room.members).map(Session::nick).toList() : List.of();
	}

	@Override
	public List<Event.RoomCount> counts() {
		return this.rooms.values()
			.stream()
			.map((room) -> new Event.RoomCount(room.name, room.members.length))
			.sorted(Comparator.comparing(Event.RoomCount::room, String.CASE_INSENSITIVE_ORDER))
			.toList();
	}

	@Override
	public int size() {
		return this.rooms.size();
	}

	/** Mutated only inside the map's compute functions for its key. */
	private static final class Room {

		private final String name;

		private volatile Session[] members = EMPTY;

		private volatile @Nullable RoomTopic topic;

		Room(String name) {
			this.name = name;
		}

		void add(Session session) {
			for (Session member : this.members) {
				if (member == session) {
					return;
				}
			}
			Session[] grown = Arrays.copyOf(this.members, this.members.length + 1);
			grown[grown.length - 1] = session;
			this.members = grown;
		}

		/**
		 * @return true if the room is now empty
		 */
		boolean remove(Session session) {
			this.members = Arrays.stream(this.members).filter((m) -> m != session).toArray(Session[]::new);
			return this.members.length == 0;
		}

	}

}
