package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.gateway.LineClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9 "Faults", on a real Redis: what users and meters see when Redis goes away and
 * comes back empty, and when Redis cuts a node's subscriber. Counts what was sent and
 * what arrived, exactly. Suite {@code redis} ({@code ./mvnw verify -Predis}); the
 * process-level faults (kill -9 of a node, SIGSTOP of Redis) are in
 * scripts/cluster-faults.sh.
 */
@Tag("redis")
class ClusterFaultIntegrationTests {

	private static final String GAP = "! Messages from other servers were lost between \\d\\d:\\d\\d:\\d\\d and \\d\\d:\\d\\d:\\d\\d UTC\\.";

	RedisServer redis;

	ClusterNodes cluster;

	ClusterNodes.Node one;

	ClusterNodes.Node two;

	@BeforeEach
	void startTwoNodes() {
		this.redis = RedisServer.start();
		this.cluster = new ClusterNodes();
		this.one = this.cluster.start("one", this.redis.url());
		this.two = this.cluster.start("two", this.redis.url());
		await().until(() -> this.one.bean(NodeDirectory.class).live().size() == 2
				&& this.two.bean(NodeDirectory.class).live().size() == 2);
	}

	@AfterEach
	void stopAll() {
		this.cluster.close();
		this.redis.close();
	}

	@Test
	void whileRedisIsAwayLocalChatGoesOnAndAfterItReturnsEmptyEverythingIsRewrittenAndUsersAreToldOnce() {
		try (LineClient ann = this.one.login("ann");
				LineClient cat = this.one.login("cat");
				LineClient ben = this.two.login("ben")) {
			// Both see ben's rename (from node two, through Redis) before ann speaks: no
			// order
			// is promised between different senders' lines (PROTOCOL.md §4).
			ann.awaitLine("\\* guest-[a-z0-9-]+ is now known as ben");
			cat.awaitLine("\\* guest-[a-z0-9-]+ is now known as ben");
			ann.send("before");
			ben.awaitLine("\\[#lobby\\] ann: before");
			cat.awaitLine("\\[#lobby\\] ann: before");
			double lostBefore = dropped(this.one);

			this.redis.stop();
			await().until(() -> !this.one.bean(RedisLink.class).isUp());
			for (int i = 0; i < 10; i++) {
				ann.send("during " + i);
			}
			for (int i = 0; i < 10; i++) {
				cat.expectLine("\\[#lobby\\] ann: during " + i);
			}
			ann.send("/nick ann2");
			ann.awaitLine("! Nicks cannot change while this server cannot reach the others; you are still ann\\. .*");
			// An IRC client cannot register a nick meanwhile either, and is told why.
			var ircPort = this.one.context()
				.getBean("ircServer",
						org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory.class)
				.getPort();
			try (LineClient irc = LineClient.connect(ircPort)) {
				irc.send("NICK ivy").send("USER ivy 0 * :Ivy");
				irc.awaitLine(":\\S+ 437 \\S+ ivy :Nicks cannot change while this server cannot reach the others.*");
			}
			await().until(() -> dropped(this.one) - lostBefore == 10);

			this.redis.restart();
			long back = System.nanoTime();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.one.bean(ClusterNode.class).isHealthy()
						&& this.two.bean(ClusterNode.class).isHealthy());
			for (LineClient user : List.of(ann, cat, ben)) {
				user.expectLine(GAP);
			}
			ann.send("after");
			ben.expectLine("\\[#lobby\\] ann: after");
			assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(5));
			cat.expectLine("\\[#lobby\\] ann: after");
			for (LineClient user : List.of(ann, cat, ben)) {
				user.expectNothing();
			}
			assertThat(this.redis.command("GET", "sb:nick:{ann}")).startsWith("one|");
			assertThat(this.redis.command("GET", "sb:nick:{ben}")).startsWith("two|");
			assertThat(this.redis.command("HLEN", "sb:room:{lobby}:m")).isEqualTo("3");
			ann.send("/nick ann2").awaitLine("\\* You are now known as ann2");
			ben.awaitLine("\\* ann is now known as ann2");
		}
	}

	@Test
	void aTopicOutlivesARedisThatRestartsEmptyAndOneSetDuringTheOutageWins() {
		try (LineClient ann = this.one.login("ann"); LineClient ben = this.two.login("ben")) {
			ann.awaitLine("\\* guest-[a-z0-9-]+ is now known as ben");
			ann.send("/join plans").awaitLine("\\* You joined #plans \\(1 member\\)");
			ben.send("/join plans").awaitLine("\\* You joined #plans \\(2 members\\)");
			ann.awaitLine("\\* ben joined #plans");
			ann.send("/topic #plans ship on monday").awaitLine("\\* ann set the topic of #plans: ship on monday");
			ben.awaitLine("\\* ann set the topic of #plans: ship on monday");

			this.redis.stop();
			await().until(() -> !this.one.bean(RedisLink.class).isUp() && !this.two.bean(RedisLink.class).isUp());
			// Topics carry their time in whole seconds: the newer one must be newer.
			await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
			ben.send("/topic #plans ship on tuesday").awaitLine("\\* ben set the topic of #plans: ship on tuesday");

			this.redis.restart();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.one.bean(ClusterNode.class).isHealthy()
						&& this.two.bean(ClusterNode.class).isHealthy());
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.redis.command("GET", "sb:room:{plans}:topic"),
						(topic) -> topic.endsWith("|ben|ship on tuesday"));
			ann.send("/topic #plans").awaitLine("\\* Topic of #plans: ship on tuesday \\(set by ben\\)");
			ben.send("/topic #plans").awaitLine("\\* Topic of #plans: ship on tuesday \\(set by ben\\)");
		}
	}

	@Test
	void aSubscriberCutByRedisComesBackByItselfAndItsUsersAreToldOfTheGap() {
		try (LineClient ann = this.one.login("ann"); LineClient ben = this.two.login("ben")) {
			ann.awaitLine("\\* guest-[a-z0-9-]+ is now known as ben");
			double resubscribes = resubscribes(this.one) + resubscribes(this.two);
			this.redis.command("CLIENT", "KILL", "TYPE", "pubsub");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> resubscribes(this.one) + resubscribes(this.two) == resubscribes + 2);
			ann.awaitLine(GAP);
			ben.awaitLine(GAP);
			ann.send("still here?");
			ben.awaitLine("\\[#lobby\\] ann: still here\\?");
			ben.send("yes");
			ann.awaitLine("\\[#lobby\\] ben: yes");
			ann.expectNothing();
			ben.expectNothing();
		}
	}

	@Test
	void aNodeAnnouncedAsLostByMistakeTellsTheOthersItsUsersAreBackOnceAndKeepsTheirNicks() {
		try (LineClient ann = this.one.login("ann"); LineClient ben = this.two.login("ben")) {
			ann.awaitLine("\\* guest-[a-z0-9-]+ is now known as ben");
			// What node two does when it stops hearing node one for node-timeout.
			assertThat(this.two.bean(Janitor.class).cleanUpAfter("one")).isTrue();
			ben.expectLine("\\* ann quit \\(server lost\\)");
			ben.expectLine("\\* ann joined #lobby");
			await().until(() -> this.redis.command("EXISTS", "sb:lost:one").equals("0"));
			assertThat(this.redis.command("GET", "sb:nick:{ann}")).startsWith("one|");
			ben.send("/msg ann are you back?");
			ann.awaitLine("\\[dm\\] ben: are you back\\?");
			ben.send("/who").expectLine("\\* #lobby \\(2\\): ben, ann");
			ann.expectNothing();
			ben.expectNothing();
			// And if it is lost again, its users quit again: the first clean-up's lock
			// does not outlive node-timeout.
			await().atMost(Duration.ofSeconds(10)).until(() -> this.two.bean(Janitor.class).cleanUpAfter("one"));
			ben.expectLine("\\* ann quit \\(server lost\\)");
			ben.expectLine("\\* ann joined #lobby");
		}
	}

	@Test
	void whatUsersLeftBehindWhileTheirNodeWasCutOffIsCleanedUpWhenItReconnects() {
		try (LineClient ben = this.two.login("ben"); LineClient cat = this.one.login("cat")) {
			LineClient ann = this.one.login("ann");
			ben.awaitLine("\\* guest-[a-z0-9-]+ is now known as ann");
			RedisLink link = this.one.bean(RedisLink.class);
			link.stop();
			ann.send("/quit bye").awaitLine("\\* Bye!");
			ann.close();
			cat.awaitLine("\\* ann quit \\(Quit: bye\\)");
			assertThat(this.redis.command("GET", "sb:nick:{ann}")).startsWith("one|");
			link.start();
			ben.awaitLine("\\* ann quit \\(connection closed\\)");
			assertThat(this.redis.command("EXISTS", "sb:nick:{ann}")).isEqualTo("0");
			ben.send("/who lobby").awaitLine("\\* #lobby \\(2\\): (ben, cat|cat, ben)");
			ben.send("/nick ann").awaitLine("\\* You are now known as ann");
			// Two senders (cat's node, ben through Redis): either may come first.
			List<String> seen = new ArrayList<>();
			while (seen.size() < 2) {
				String line = cat.nextLine(Duration.ofSeconds(10));
				assertThat(line).as("cat's next line").isNotNull();
				if (line.matches(GAP) || line.equals("* ben is now known as ann")) {
					seen.add(line);
				}
			}
			assertThat(seen).anyMatch((line) -> line.matches(GAP)).contains("* ben is now known as ann");
		}
	}

	private static double dropped(ClusterNodes.Node node) {
		return node.bean(MeterRegistry.class)
			.get("switchboard.cluster.dropped")
			.tag("reason", "redis_unavailable")
			.functionCounter()
			.count();
	}

	private static double resubscribes(ClusterNodes.Node node) {
		return node.bean(MeterRegistry.class).get("switchboard.cluster.resubscribes").functionCounter().count();
	}

}
