/**
 * Who is connected: one {@link dev.switchboard.session.Session} per TCP connection (nick,
 * joined rooms, output format) and the registry that finds it by connection id. A session
 * writes through an {@link dev.switchboard.session.Outbound}, which the gateway
 * implements with a non-blocking per-connection writer.
 */
@NullMarked
package dev.switchboard.session;

import org.jspecify.annotations.NullMarked;
