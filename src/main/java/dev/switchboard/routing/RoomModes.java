package dev.switchboard.routing;

/**
 * A room's modes, the same for every protocol (docs/IRC.md "Room operators and modes"):
 * {@code n} only members may say things in it (on by default, as rooms always were),
 * {@code t} only its operators set the topic, {@code i} only the invited may join,
 * {@code s} secret: only members see it in lists, {@code m} moderated: only operators and
 * voiced members ({@code +v}) may say things in it. A new room has {@link #DEFAULT}, so
 * it restricts nobody more than rooms did before modes existed.
 *
 * @param noOutside {@code n}
 * @param topicByOperators {@code t}
 * @param inviteOnly {@code i}
 * @param secret {@code s}
 * @param moderated {@code m}
 */
public record RoomModes(boolean noOutside, boolean topicByOperators, boolean inviteOnly, boolean secret,
		boolean moderated) {

	/** A new room's modes: {@code +n}. */
	public static final RoomModes DEFAULT = new RoomModes(true, false, false, false, false);

	/** The flag modes, in the order they are shown. */
	public static final String FLAGS = "imnst";

	/**
	 * @return true if {@code mode} is one of {@link #FLAGS} and is on
	 */
	public boolean has(char mode) {
		return switch (mode) {
			case 'i' -> this.inviteOnly;
			case 'm' -> this.moderated;
			case 'n' -> this.noOutside;
			case 's' -> this.secret;
			case 't' -> this.topicByOperators;
			default -> false;
		};
	}

	/**
	 * @return these modes with one flag set or cleared
	 * @throws IllegalArgumentException if {@code mode} is not one of {@link #FLAGS}
	 */
	public RoomModes with(char mode, boolean on) {
		return switch (mode) {
			case 'i' -> new RoomModes(this.noOutside, this.topicByOperators, on, this.secret, this.moderated);
			case 'm' -> new RoomModes(this.noOutside, this.topicByOperators, this.inviteOnly, this.secret, on);
			case 'n' -> new RoomModes(on, this.topicByOperators, this.inviteOnly, this.secret, this.moderated);
			case 's' -> new RoomModes(this.noOutside, this.topicByOperators, this.inviteOnly, on, this.moderated);
			case 't' -> new RoomModes(this.noOutside, on, this.inviteOnly, this.secret, this.moderated);
			default -> throw new IllegalArgumentException("Not a flag mode: " + mode);
		};
	}

	/**
	 * @return {@code +} and the flags that are on, e.g. {@code +nt}; {@code +} for none
	 */
	public String letters() {
		StringBuilder out = new StringBuilder("+");
		for (char mode : FLAGS.toCharArray()) {
			if (has(mode)) {
				out.append(mode);
			}
		}
		return out.toString();
	}

}
