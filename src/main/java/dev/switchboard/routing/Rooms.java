package dev.switchboard.routing;

import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.switchboard.protocol.Delivery;
import dev.switchboard.protocol.Event;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * Room membership and "publish to a room": the seam a cluster backplane implements. Rooms
 * are identified by key ({@link dev.switchboard.protocol.NameRules#key}); a room exists
 * while it has members. Publishing never blocks on any recipient.
 */
public interface Rooms {

	/**
	 * Adds the session, creating the room if needed; @return the member count after
	 * joining
	 */
	int join(String key, String displayName, Session session);

	/** Removes the session; the room disappears with its last member. */
	void leave(String key, Session session);

	/**
	 * The session, a member of its rooms, changed its nick (already set on the session)
	 * from {@code oldNick}: for implementations that keep member nicks elsewhere.
	 */
	default void renamed(Session session, String oldNick) {
	}

	/**
	 * Delivers to every member of the room except {@code except}.
	 * @return how many members it was queued for
	 */
	int publish(String key, Delivery delivery, @Nullable Session except);

	/**
	 * Delivers once to everyone who shares at least one of these rooms, except
	 * {@code except}.
	 */
	void publishOnce(Collection<String> keys, Delivery delivery, @Nullable Session except);

	/**
	 * @return the room's display name, or {@code null} if it does not exist
	 */
	@Nullable String displayName(String key);

	/**
	 * @return the room's display name, or {@code fallback} if it does not exist (any
	 * more)
	 */
	default String displayNameOr(String key, String fallback) {
		String name = displayName(key);
		return (name != null) ? name : fallback;
	}

	/**
	 * @return the room's topic, or {@code null} if it has none or does not exist
	 */
	default @Nullable RoomTopic topic(String key) {
		return null;
	}

	/**
	 * Sets (or with {@code null} clears) the topic of an existing room; a room's topic
	 * goes with its last member.
	 * @return false if the room does not exist
	 */
	default boolean topic(String key, @Nullable RoomTopic topic) {
		return false;
	}

	/**
	 * @return the member of the room holding this nick (any case), or {@code null}
	 */
	default @Nullable Session member(String key, String nick) {
		return null;
	}

	/**
	 * @return true if the member holds the privilege in the room. The first member of a
	 * new room is its operator (docs/IRC.md "Room operators and modes").
	 */
	default boolean has(String key, Session session, Privilege privilege) {
		return false;
	}

	/**
	 * Gives a member of the room the privilege, or takes it.
	 * @return true if that changed anything
	 */
	default boolean grant(String key, Session member, Privilege privilege, boolean held) {
		return false;
	}

	/**
	 * @return the nicks of the room's members holding the privilege, in join order
	 */
	default List<String> holders(String key, Privilege privilege) {
		return List.of();
	}

	/**
	 * If the room has members and none is an operator, makes the longest-present member
	 * one, in one step.
	 * @return that member, or {@code null} if nothing changed
	 */
	default @Nullable Session handOver(String key) {
		return null;
	}

	/**
	 * @return the room's modes, or {@code null} if it does not exist
	 */
	default @Nullable RoomModes modes(String key) {
		return null;
	}

	/**
	 * Changes the modes of an existing room in one step.
	 * @return the modes before the change, or {@code null} if the room does not exist
	 */
	default @Nullable RoomModes modes(String key, UnaryOperator<RoomModes> change) {
		return null;
	}

	/**
	 * @return when the room was created, in seconds since the epoch; 0 if it does not
	 * exist
	 */
	default long created(String key) {
		return 0;
	}

	/** Lets the nick join the room once, even while it is invite-only. */
	default void invite(String key, String nick) {
	}

	/**
	 * @return true if the nick had an invitation to the room, which is now used up
	 */
	default boolean takeInvitation(String key, String nick) {
		return false;
	}

	/**
	 * @return the member nicks in join order; empty if the room does not exist
	 */
	List<String> nicks(String key);

	/**
	 * @return every room with its member count, by name
	 */
	List<Event.RoomCount> counts();

	/**
	 * @return how many rooms exist
	 */
	int size();

}
