package dev.switchboard.protocol;

import java.util.function.Consumer;

/**
 * Strips telnet commands (RFC 854) from the byte stream, one byte at a time, so a split
 * sequence is handled the same as a whole one. Option requests are refused (DO becomes
 * WONT, WILL becomes DONT), except DO TIMING-MARK, which is acknowledged with WILL
 * TIMING-MARK (RFC 860) so a telnet client waiting for it does not hang. Subnegotiation
 * bytes are skipped without being stored. IAC IAC is a literal 0xFF.
 * <p>
 * A command is IAC followed by a byte from 0xF0 to 0xFF. A 0xFF followed by anything
 * lower is not telnet at all (a binary or Latin-1 client): it is a data byte, and the
 * byte after it is processed as usual rather than swallowed; see {@link #STRAY_IAC}.
 */
final class TelnetFilter {

	static final int CONSUMED = -1;

	static final int INTERRUPT = -2;

	/**
	 * The IAC before this byte was a stray 0xFF data byte: the caller takes 0xFF as data,
	 * then passes this same byte to {@link #accept(int)} again.
	 */
	static final int STRAY_IAC = -3;

	static final int IAC = 0xFF;

	static final int DONT = 0xFE;

	static final int DO = 0xFD;

	static final int WONT = 0xFC;

	static final int WILL = 0xFB;

	static final int SB = 0xFA;

	static final int IP = 0xF4;

	static final int BRK = 0xF3;

	static final int SE = 0xF0;

	private static final int FIRST_COMMAND = SE;

	static final int TIMING_MARK = 0x06;

	private enum State {

		DATA, COMMAND, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC

	}

	private final Consumer<byte[]> replies;

	private State state = State.DATA;

	private int verb;

	TelnetFilter(Consumer<byte[]> replies) {
		this.replies = replies;
	}

	/**
	 * @param b the next byte from the wire, 0-255
	 * @return the data byte, {@link #CONSUMED}, {@link #INTERRUPT} or {@link #STRAY_IAC}
	 */
	int accept(int b) {
		return switch (this.state) {
			case DATA -> data(b);
			case COMMAND -> command(b);
			case OPTION -> option(b);
			case SUBNEGOTIATION -> {
				if (b == IAC) {
					this.state = State.SUBNEGOTIATION_IAC;
				}
				yield CONSUMED;
			}
			case SUBNEGOTIATION_IAC -> {
				this.state = (b == SE) ? State.DATA : State.SUBNEGOTIATION;
				yield CONSUMED;
			}
		};
	}

	/**
	 * @return true between the IAC that starts a command and the command's last byte
	 */
	boolean midSequence() {
		return this.state != State.DATA;
	}

	/**
	 * The stream ended. A lone IAC at the very end is a stray 0xFF, as if a byte below
	 * 0xF0 had followed it; any other unfinished sequence is dropped.
	 * @return {@link #IAC} as a data byte, or {@link #CONSUMED}
	 */
	int endOfInput() {
		boolean strayIac = this.state == State.COMMAND;
		this.state = State.DATA;
		return strayIac ? IAC : CONSUMED;
	}

	private int data(int b) {
		if (b == IAC) {
			this.state = State.COMMAND;
			return CONSUMED;
		}
		return b;
	}

	private int command(int b) {
		this.state = State.DATA;
		if (b < FIRST_COMMAND) {
			return STRAY_IAC;
		}
		switch (b) {
			case IAC:
				return IAC;
			case IP, BRK:
				return INTERRUPT;
			case WILL, WONT, DO, DONT:
				this.verb = b;
				this.state = State.OPTION;
				return CONSUMED;
			case SB:
				this.state = State.SUBNEGOTIATION;
				return CONSUMED;
			default:
				return CONSUMED;
		}
	}

	private int option(int option) {
		this.state = State.DATA;
		if (this.verb == DO) {
			reply((option == TIMING_MARK) ? WILL : WONT, option);
		}
		else if (this.verb == WILL) {
			reply(DONT, option);
		}
		return CONSUMED;
	}

	private void reply(int verb, int option) {
		this.replies.accept(new byte[] { (byte) IAC, (byte) verb, (byte) option });
	}

}
