/**
 * Operator actions over actuator: the {@code switchboard} endpoint lists sessions, kicks
 * a nick, announces a line and starts a drain, treating operator text as untrusted as a
 * user's; the management port's request-size limit; and its Spring Security: HTTP Basic
 * for the operator, open health probes, failed logins counted, logged and throttled per
 * address. It only calls the other packages' public operations; nothing depends on it.
 */
@NullMarked
package dev.switchboard.admin;

import org.jspecify.annotations.NullMarked;
