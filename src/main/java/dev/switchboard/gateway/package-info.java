/**
 * The TCP edge, and only that: the Spring Integration server connection factory (virtual
 * threads, buffered framing, backlog, socket options), admission control, connection
 * lifecycle events, and the per-connection writer that sends queued bytes without ever
 * blocking the thread that queued them.
 */
@NullMarked
package dev.switchboard.gateway;

import org.jspecify.annotations.NullMarked;
