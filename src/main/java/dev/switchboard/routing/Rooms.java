package dev.switchboard.routing;

import java.util.Collection;
import java.util.List;

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
