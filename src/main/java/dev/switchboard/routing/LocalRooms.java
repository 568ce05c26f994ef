package dev.switchboard.routing;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.Event;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The embedded, single-node {@link Rooms}. Each room's members are an immutable array
 * replaced on join and leave inside {@link ConcurrentHashMap#compute}, so membership
 * changes of one room are serialised while publishing reads a stable snapshot with no
 * lock. A room's operators, modes and invitations change inside the same compute, so
 * "first member is operator" and "hand over when the last operator left" are atomic.
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
			if (existing == null) {
				target.holders(Privilege.OPERATOR).add(session);
			}
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
	public @Nullable Session member(String key, String nick) {
		Room room = this.rooms.get(key);
		if (room != null) {
			for (Session member : room.members) {
				if (member.nick().equalsIgnoreCase(nick)) {
					return member;
				}
			}
		}
		return null;
	}

	@Override
	public boolean has(String key, Session session, Privilege privilege) {
		Room room = this.rooms.get(key);
		return room != null && room.holders(privilege).contains(session);
	}

	@Override
	public boolean grant(String key, Session member, Privilege privilege, boolean held) {
		boolean[] changed = { false };
		this.rooms.computeIfPresent(key, (k, room) -> {
			if (Arrays.asList(room.members).contains(member)) {
				Set<Session> holders = room.holders(privilege);
				changed[0] = held ? holders.add(member) : holders.remove(member);
			}
			return room;
		});
		return changed[0];
	}

	@Override
	public List<String> holders(String key, Privilege privilege) {
		Room room = this.rooms.get(key);
		if (room == null) {
			return List.of();
		}
		Set<Session> holders = room.holders(privilege);
		return Arrays.stream(room.members).filter(holders::contains).map(Session::nick).toList();
	}

	@Override
	public @Nullable Session handOver(String key) {
		Session[] promoted = { null };
		this.rooms.computeIfPresent(key, (k, room) -> {
			Set<Session> operators = room.holders(Privilege.OPERATOR);
			if (operators.isEmpty() && room.members.length > 0) {
				promoted[0] = room.members[0];
				operators.add(promoted[0]);
			}
			return room;
		});
		return promoted[0];
	}

	@Override
	public @Nullable RoomModes modes(String key) {
		Room room = this.rooms.get(key);
		return (room != null) ? room.modes : null;
	}

	@Override
	public @Nullable RoomModes modes(String key, UnaryOperator<RoomModes> change) {
		RoomModes[] before = { null };
		this.rooms.computeIfPresent(key, (k, room) -> {
			before[0] = room.modes;
			room.modes = change.apply(room.modes);
			return room;
		});
		return before[0];
	}

	@Override
	public long created(String key) {
		Room room = this.rooms.get(key);
		return (room != null) ? room.created : 0;
	}

	@Override
	public void invite(String key, String nick) {
		this.rooms.computeIfPresent(key, (k, room) -> {
			room.invited.add(NameRules.key(nick));
			return room;
		});
	}

	@Override
	public boolean takeInvitation(String key, String nick) {
		Room room = this.rooms.get(key);
		return room != null && room.invited.remove(NameRules.key(nick));
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

		private volatile RoomModes modes = RoomModes.DEFAULT;

		private final long created = System.currentTimeMillis() / 1000;

		/** Identity-based: {@link Session} does not override equals. */
		private final Map<Privilege, Set<Session>> privileges = new EnumMap<>(Map.of(Privilege.OPERATOR,
				ConcurrentHashMap.newKeySet(), Privilege.VOICE, ConcurrentHashMap.newKeySet()));

		/** Nick keys with an unused invitation. */
		private final Set<String> invited = ConcurrentHashMap.newKeySet();

		Room(String name) {
			this.name = name;
		}

		Set<Session> holders(Privilege privilege) {
			return this.privileges.get(privilege);
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
			this.privileges.values().forEach((holders) -> holders.remove(session));
			return this.members.length == 0;
		}

	}

}
