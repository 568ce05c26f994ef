/**
 * Operator actions over actuator: the {@code switchboard} endpoint lists sessions, kicks
 * a nick, announces a line and starts a drain. It only calls the other packages' public
 * operations; nothing depends on it.
 */
@NullMarked
package dev.switchboard.admin;

import org.jspecify.annotations.NullMarked;
