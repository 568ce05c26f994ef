package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One change to a room's modes: a flag of {@link RoomModes#FLAGS} on or off, or {@code o}
 * (operator status) given to or taken from {@code nick}.
 *
 * @param on {@code +} or {@code -}
 * @param mode the mode letter
 * @param nick for {@code o} and {@code v}, whose status changes; otherwise {@code null}
 */
public record ModeChange(boolean on, char mode, @Nullable String nick) {

	/**
	 * Reads an IRC-style mode string ({@code +it-s}, {@code +o bob}, {@code +ov a b}):
	 * each {@code o} or {@code v} takes the next of {@code args}.
	 * @param unknown told of each letter that is not a mode, which is then skipped
	 * @param missing told of each {@code o} or {@code v} with no nick left, which is then
	 * skipped
	 */
	public static List<ModeChange> parse(String changes, List<String> args, Consumer<Character> unknown,
			Consumer<Character> missing) {
		List<ModeChange> parsed = new ArrayList<>();
		Iterator<String> nicks = args.iterator();
		boolean on = true;
		for (char c : changes.toCharArray()) {
			if (c == '+' || c == '-') {
				on = c == '+';
			}
			else if (c == 'o' || c == 'v') {
				if (nicks.hasNext()) {
					parsed.add(new ModeChange(on, c, nicks.next()));
				}
				else {
					missing.accept(c);
				}
			}
			else if (RoomModes.FLAGS.indexOf(c) >= 0) {
				parsed.add(new ModeChange(on, c, null));
			}
			else {
				unknown.accept(c);
			}
		}
		return parsed;
	}

	/**
	 * @return the changes as IRC writes them: the letters, then the nicks
	 */
	public static List<String> render(List<ModeChange> changes) {
		StringBuilder letters = new StringBuilder();
		List<String> out = new ArrayList<>();
		out.add("");
		Boolean sign = null;
		for (ModeChange change : changes) {
			if (sign == null || sign != change.on()) {
				sign = change.on();
				letters.append(change.on() ? '+' : '-');
			}
			letters.append(change.mode());
			if (change.nick() != null) {
				out.add(change.nick());
			}
		}
		out.set(0, letters.toString());
		return out;
	}

}
