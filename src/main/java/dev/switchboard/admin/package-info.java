/**
 * Operator actions over actuator: the {@code switchboard} endpoint lists sessions, kicks
 * a nick, announces a line and starts a drain, treating operator text as untrusted as a
 * user's; and the management port's request-size limit. It only calls the other packages'
 * public operations; nothing depends on it.
 */
@NullMarked
package dev.switchboard.admin;

import org.jspecify.annotations.NullMarked;
