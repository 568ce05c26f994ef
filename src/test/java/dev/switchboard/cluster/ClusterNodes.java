package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.SwitchboardApplication;
import dev.switchboard.gateway.FreePort;
import dev.switchboard.gateway.Http;
import dev.switchboard.gateway.LineClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Switchboard nodes in this JVM, each a whole application of its own on free ports,
 * joined through one Redis.
 */
final class ClusterNodes implements AutoCloseable {

	private final List<Node> nodes = new ArrayList<>();

	/**
	 * One accounts database for all the nodes, as a deployment shares one PostgreSQL: an
	 * H2 in-memory database named for this cluster, which the nodes (all in this JVM)
	 * open together.
	 */
	private final String database = "jdbc:h2:mem:cluster-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	record Node(String id, ConfigurableApplicationContext context, int chatPort, int httpPort) {

		/**
		 * Connects and takes the nick, skipping notices from the lobby: in a cluster one
		 * from another node may arrive between this client's own lines.
		 */
		LineClient login(String nick) {
			LineClient client = LineClient.connect(this.chatPort);
			client.awaitLine("\\* Welcome to Switchboard, guest-[a-z0-9]{4}-\\d+! .*");
			client.awaitLine("\\* You joined #lobby \\(\\d+ members?\\)");
			client.send("/nick " + nick).awaitLine("\\* You are now known as " + nick);
			return client;
		}

		LineClient connect() {
			return LineClient.connect(this.chatPort);
		}

		/** Logged in as the operator. */
		Http http() {
			return new Http(this.httpPort).operator();
		}

		<T> T bean(Class<T> type) {
			return this.context.getBean(type);
		}

	}

	Node start(String id, String redisUrl, String... settings) {
		int chat = FreePort.pick();
		int http = FreePort.pick();
		List<String> arguments = new ArrayList<>(List.of("--switchboard.tcp.port=" + chat, "--server.port=" + http,
				"--switchboard.cluster.redis-url=" + redisUrl, "--switchboard.cluster.node-id=" + id,
				"--switchboard.tcp.sniff-window=0", "--switchboard.input.lines-per-second=0",
				"--switchboard.input.address-bytes-per-second=0", "--switchboard.tcp.max-connections-per-address=0",
				"--spring.main.banner-mode=off", "--switchboard.admin.password=" + Http.OPERATOR_PASSWORD,
				"--spring.datasource.url=" + this.database));
		arguments.addAll(List.of(settings));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SwitchboardApplication.class)
			.run(arguments.toArray(String[]::new));
		Node node = new Node(id, context, chat, http);
		this.nodes.add(node);
		return node;
	}

	/** Stops a node the way an orderly shutdown does. */
	/** The running node started under this id. */
	Node node(String id) {
		return this.nodes.stream().filter((node) -> node.id().equals(id)).findFirst().orElseThrow();
	}

	void stop(Node node) {
		node.context().close();
		this.nodes.remove(node);
	}

	@Override
	public void close() {
		for (Node node : List.copyOf(this.nodes)) {
			node.context().close();
		}
		this.nodes.clear();
	}

}
