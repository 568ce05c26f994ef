package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.switchboard.gateway.LineClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbered traffic of the Redis Cluster fault tests: a sender on each node says
 * {@code pre N}, then {@code mid N} while the fault happens, then {@code post N} and
 * {@code post end} in {@code #busy}; a reader on the other node records what it heard.
 */
final class BusyRoom {

	private BusyRoom() {
	}

	/** Reads lines until {@code sender} says "post end"; at most {@code deadline}. */
	static List<String> readUntil(LineClient reader, String sender, Duration deadline, Duration lineWait) {
		List<String> lines = new ArrayList<>();
		long end = System.nanoTime() + deadline.toNanos();
		while (System.nanoTime() < end) {
			String line = reader.nextLine(lineWait);
			if (line == null) {
				break;
			}
			lines.add(line);
			if (line.equals("[#busy] " + sender + ": post end")) {
				break;
			}
		}
		return lines;
	}

	/**
	 * The fault's lines arrived at most once each; every one sent after both nodes had
	 * followed arrived, in order; if any was lost, the reader was told.
	 * @param during what the fault was, for the assertion messages
	 */
	static void check(Heard heard, int sentAtFollowed, int sent, String during) {
		assertThat(heard.mid()).as("lines during the " + during + ", at most once each").doesNotHaveDuplicates();
		assertThat(heard.mid()).allMatch((number) -> number < sent);
		assertThat(heard.mid().stream().filter((number) -> number >= sentAtFollowed).toList())
			.as("lines sent after both nodes followed")
			.isEqualTo(range(sentAtFollowed, sent));
		List<Integer> lost = heard.lost(sent);
		if (!lost.isEmpty()) {
			assertThat(heard.gaps()).as("gap lines for " + lost.size() + " lost lines").isNotEmpty();
		}
	}

	static List<Integer> range(int from, int to) {
		return IntStream.range(from, to).boxed().toList();
	}

	/** What a reader heard from the sender on the other node. */
	record Heard(List<Integer> pre, List<Integer> mid, List<Integer> post, List<String> gaps, List<String> quits,
			boolean ended) {

		static Heard of(List<String> lines, String sender) {
			Pattern numbered = Pattern.compile("\\[#busy\\] " + sender + ": (pre|mid|post) (\\d+)");
			List<Integer> pre = new ArrayList<>();
			List<Integer> mid = new ArrayList<>();
			List<Integer> post = new ArrayList<>();
			List<String> gaps = new ArrayList<>();
			List<String> quits = new ArrayList<>();
			boolean ended = false;
			for (String line : lines) {
				Matcher matcher = numbered.matcher(line);
				if (matcher.matches()) {
					int number = Integer.parseInt(matcher.group(2));
					switch (matcher.group(1)) {
						case "pre" -> pre.add(number);
						case "mid" -> mid.add(number);
						default -> post.add(number);
					}
				}
				else if (line.startsWith("! Messages from other servers in #busy were lost between ")
						|| line.startsWith("! Messages from other servers were lost between ")) {
					// The room's sequence skipped, or this node's link to Redis was down.
					gaps.add(line);
				}
				else if (line.matches("\\* \\S+ quit.*")) {
					quits.add(line);
				}
				else if (line.equals("[#busy] " + sender + ": post end")) {
					ended = true;
				}
			}
			return new Heard(pre, mid, post, gaps, quits, ended);
		}

		/**
		 * @return the {@code mid} numbers below {@code sent} that did not arrive
		 */
		List<Integer> lost(int sent) {
			List<Integer> lost = new ArrayList<>(range(0, sent));
			lost.removeAll(this.mid);
			return lost;
		}

	}

}
