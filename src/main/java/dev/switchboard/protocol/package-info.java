/**
 * The wire protocol, in pure Java with no Spring: framing of raw bytes into lines (telnet
 * IAC handling, LF/CR/CRLF, the line-length limit), strict UTF-8 decoding and sanitising,
 * command parsing, and encoding server events as text or JSON lines. Nothing here knows
 * about sockets, sessions or rooms, so every rule is unit-tested on plain byte arrays and
 * streams.
 */
@NullMarked
package dev.switchboard.protocol;

import org.jspecify.annotations.NullMarked;
