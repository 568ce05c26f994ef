/**
 * What happens to a line: frames from the gateway become commands, commands change
 * presence (nicks, rooms) and produce deliveries. "Publish to a room"
 * ({@link dev.switchboard.routing.Rooms}) and "find a nick"
 * ({@link dev.switchboard.routing.Nicks}) are the two seams a backplane (Redis) replaces
 * for scale-out; the embedded default keeps both in memory.
 */
@NullMarked
package dev.switchboard.routing;

import org.jspecify.annotations.NullMarked;
