/**
 * Slowing brute force: failed password checks counted per key (an address, an account) in
 * fixed, bounded windows. Used by the management port's operator login and by chat
 * accounts' {@code /login}.
 */
@NullMarked
package dev.switchboard.throttle;

import org.jspecify.annotations.NullMarked;
