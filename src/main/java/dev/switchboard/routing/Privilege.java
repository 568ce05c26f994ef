package dev.switchboard.routing;

/**
 * What a room member may hold beside membership, each with its IRC member mode letter
 * (docs/IRC.md "Room operators and modes").
 */
public enum Privilege {

	/** {@code +o}: kicks, invites, changes modes, sets the topic of a {@code +t} room. */
	OPERATOR('o'),

	/** {@code +v}: talks in a moderated ({@code +m}) room. */
	VOICE('v');

	private final char mode;

	Privilege(char mode) {
		this.mode = mode;
	}

	public char mode() {
		return this.mode;
	}

	/**
	 * @return the privilege of a member mode letter
	 * @throws IllegalArgumentException if the letter is not {@code o} or {@code v}
	 */
	public static Privilege of(char mode) {
		for (Privilege privilege : values()) {
			if (privilege.mode == mode) {
				return privilege;
			}
		}
		throw new IllegalArgumentException("Not a member mode: " + mode);
	}

}
