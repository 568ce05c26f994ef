package dev.switchboard.routing;

/**
 * A room's topic: its text, who set it and when (epoch seconds, as IRC's 333 reply gives
 * it).
 *
 * @param text the topic, never empty
 * @param nick who set it
 * @param setAt when, in seconds since the epoch
 */
public record RoomTopic(String text, String nick, long setAt) {
}
