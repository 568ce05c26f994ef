package dev.switchboard.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.switchboard.gateway.FreePort;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of Debian's {@code redis-server} processes on free loopback ports: each
 * started with {@code --cluster-enabled yes}, joined by
 * {@code redis-cli --cluster create … --cluster-replicas R}, no persistence; and what the
 * tests do to it: commands on one master, moving a slot from one master to another the
 * way {@code redis-cli --cluster reshard} does, and killing a master (kill -9) so that
 * its replica takes over.
 */
final class RedisClusterServers implements AutoCloseable {

	/** A master: its node id and client port. */
	record Master(String id, int port) {
	}

	private final Path dir;

	private final List<Integer> ports = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	private final List<Integer> killed = new ArrayList<>();

	private final int replicas;

	private final long nodeTimeoutMillis;

	private RedisClusterServers(Path dir, int replicas, long nodeTimeoutMillis) {
		this.dir = dir;
		this.replicas = replicas;
		this.nodeTimeoutMillis = nodeTimeoutMillis;
	}

	/** Starts {@code count} masters and joins them into one cluster. */
	static RedisClusterServers start(int count) {
		return start(count, 0, 15_000);
	}

	/**
	 * Starts {@code masters} masters with {@code replicas} replicas each, and joins them
	 * into one cluster whose {@code cluster-node-timeout} is {@code nodeTimeoutMillis}
	 * (how long a master must be unreachable before its replica takes over).
	 */
	static RedisClusterServers start(int masters, int replicas, long nodeTimeoutMillis) {
		RedisClusterServers servers;
		try {
			servers = new RedisClusterServers(Files.createTempDirectory("redis-cluster"), replicas, nodeTimeoutMillis);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		try {
			for (int i = 0; i < masters * (1 + replicas); i++) {
				servers.launch();
			}
			servers.create();
			return servers;
		}
		catch (IOException | RuntimeException ex) {
			servers.close();
			throw new IllegalStateException("Could not start a Redis Cluster (install Debian's redis-server; .ci/run"
					+ " does): " + ex.getMessage(), ex);
		}
	}

	private void launch() throws IOException {
		int port = FreePort.pick();
		// The cluster bus gets a port of its own (Redis 7): the default, port + 10000,
		// may be taken or past 65535.
		int busPort = FreePort.pick();
		Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--cluster-port",
				String.valueOf(busPort), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file",
				this.dir.resolve("nodes-" + port + ".conf").toString(), "--cluster-node-timeout",
				String.valueOf(this.nodeTimeoutMillis), "--dir", this.dir.toString(), "--save", "", "--appendonly",
				"no")
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("redis-" + port + ".log").toFile())
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		this.ports.add(port);
		this.processes.add(process);
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "PONG".equals(command(port, "PING")));
	}

	private void create() throws IOException {
		List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		this.ports.forEach((port) -> create.add("127.0.0.1:" + port));
		create.addAll(List.of("--cluster-replicas", String.valueOf(this.replicas), "--cluster-yes"));
		Path log = this.dir.resolve("create.log");
		Process process = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (process.waitFor() != 0) {
				throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		// Every master sees the others and every slot served.
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> this.ports.stream().allMatch((port) -> {
			String info = command(port, "CLUSTER", "INFO");
			return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")
					&& info.contains("cluster_known_nodes:" + this.ports.size());
		}));
		if (this.replicas > 0) {
			// Every replica has caught up with its master.
			await().atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> this.ports.stream()
					.map((port) -> command(port, "INFO", "replication"))
					.filter((info) -> info.contains("role:slave"))
					.filter((info) -> info.contains("master_link_status:up"))
					.count() == (long) this.ports.size() * this.replicas / (1 + this.replicas));
		}
	}

	/**
	 * Kills a master with SIGKILL, as a crash would: its replica takes over once the
	 * others have marked it failed ({@code cluster-node-timeout}).
	 */
	void kill(Master master) {
		int index = this.ports.indexOf(master.port());
		this.processes.get(index).destroyForcibly();
		try {
			this.processes.get(index).waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.killed.add(master.port());
	}

	/** {@code host:port,…} for {@code switchboard.cluster.redis-cluster-nodes}. */
	String seeds() {
		return this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	int slot(String key) {
		return Integer.parseInt(command(anyLive(), "CLUSTER", "KEYSLOT", key));
	}

	private int anyLive() {
		return this.ports.stream().filter((port) -> !this.killed.contains(port)).findFirst().orElseThrow();
	}

	/** The masters, as the first live server sees them. */
	List<Master> masters() {
		return nodes().stream().map(Node::master).toList();
	}

	/** The master serving the slot, as every master sees it. */
	Master owner(int slot) {
		return nodes().stream()
			.filter((node) -> node.serves(slot))
			.map(Node::master)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("nobody serves slot " + slot));
	}

	/**
	 * Moves a slot and its keys to another master: {@code SETSLOT IMPORTING} on the
	 * target, {@code MIGRATING} on the source, {@code MIGRATE} of every key of the slot,
	 * then {@code SETSLOT NODE} on the target, the source and every other master.
	 */
	void moveSlot(int slot, Master source, Master target) {
		String at = String.valueOf(slot);
		command(target.port(), "CLUSTER", "SETSLOT", at, "IMPORTING", source.id());
		command(source.port(), "CLUSTER", "SETSLOT", at, "MIGRATING", target.id());
		while (true) {
			List<String> keys = call(source.port(), "CLUSTER", "GETKEYSINSLOT", at, "100");
			if (keys.isEmpty()) {
				break;
			}
			List<String> migrate = new ArrayList<>(
					List.of("MIGRATE", "127.0.0.1", String.valueOf(target.port()), "", "0", "5000", "KEYS"));
			migrate.addAll(keys);
			call(source.port(), migrate.toArray(String[]::new));
		}
		List<Master> order = new ArrayList<>(List.of(target, source));
		masters().stream().filter((master) -> !order.contains(master)).forEach(order::add);
		for (Master master : order) {
			command(master.port(), "CLUSTER", "SETSLOT", at, "NODE", target.id());
		}
	}

	private List<Node> nodes() {
		return command(anyLive(), "CLUSTER", "NODES").lines()
			.filter((line) -> !line.isBlank())
			.map(Node::parse)
			.filter((node) -> node.flags().contains("master") && !node.flags().contains("fail"))
			.sorted(Comparator.comparingInt(Node::port))
			.toList();
	}

	/** A line of {@code CLUSTER NODES}. */
	private record Node(String id, int port, String flags, List<int[]> ranges) {

		static Node parse(String line) {
			String[] fields = line.split(" ");
			String address = fields[1];
			int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
			List<int[]> ranges = Stream.of(fields)
				.skip(8)
				.filter((range) -> range.matches("\\d+(-\\d+)?"))
				.map((range) -> {
					String[] ends = range.split("-");
					int first = Integer.parseInt(ends[0]);
					return new int[] { first, (ends.length > 1) ? Integer.parseInt(ends[1]) : first };
				})
				.toList();
			return new Node(fields[0], port, fields[2], ranges);
		}

		boolean serves(int slot) {
			return this.ranges.stream().anyMatch((range) -> range[0] <= slot && slot <= range[1]);
		}

		Master master() {
			return new Master(this.id, this.port);
		}

	}

	/** How many subscribers the master has for a shard channel. */
	long shardSubscribers(Master master, String channel) {
		return Long.parseLong(call(master.port(), "PUBSUB", "SHARDNUMSUB", channel).get(1));
	}

	/** A command's reply as text: values one per line. */
	String command(int port, String... words) {
		return String.join("\n", call(port, words));
	}

	/** Sends one command ({@link Resp}) and returns the reply's values (flattened). */
	List<String> call(int port, String... words) {
		return Resp.call(port, Duration.ofSeconds(5), words);
	}

	@Override
	public void close() {
		for (Process process : this.processes) {
			process.destroyForcibly();
		}
		for (Process process : this.processes) {
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try (Stream<Path> files = Files.walk(this.dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
