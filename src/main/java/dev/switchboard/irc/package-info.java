/**
 * The IRC listener (issue 12): IRC clients on {@code switchboard.irc.port} register, then
 * share rooms (channels), nicks and direct messages with text and JSON users. It is one
 * more listener of the same gateway (admission, flood control, slow-consumer policy,
 * drain, close reasons, meters); this package only translates IRC commands into the
 * routing calls every listener uses, and answers with numerics. docs/IRC.md.
 */
@NullMarked
package dev.switchboard.irc;

import org.jspecify.annotations.NullMarked;
