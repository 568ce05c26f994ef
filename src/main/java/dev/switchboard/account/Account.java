package dev.switchboard.account;

/**
 * A registered nick: {@code name} as it was registered, and its password's hash with the
 * encoder's id prefix ({@code {bcrypt}...}). Never printed whole.
 */
record Account(String name, String passwordHash) {

	@Override
	public String toString() {
		return "Account[name=" + this.name + "]";
	}

}
