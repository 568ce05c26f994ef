package dev.switchboard.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.switchboard.gateway.FreePort;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * Debian's PostgreSQL ({@code /usr/lib/postgresql/*}/bin) in a process of its own: a
 * throwaway cluster made by {@code initdb} in a temporary directory, on a free loopback
 * port, with trust authentication and no fsync. PostgreSQL refuses to run as root, so as
 * root it runs as the {@code postgres} user the package creates, through {@code setpriv}.
 * The {@code postgres} suite ({@code ./mvnw test -Ppostgres}; .ci/run installs the
 * package first).
 */
public final class PostgresServer implements AutoCloseable {

	private static final String USER = "switchboard";

	private final Path directory;

	private final int port;

	private final Process process;

	private PostgresServer(Path bin, Path directory, int port) throws IOException, InterruptedException {
		this.directory = directory;
		this.port = port;
		Path data = directory.resolve("data");
		run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
				"--no-instructions");
		this.process = new ProcessBuilder(
				asUser(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port), "-h",
						"127.0.0.1", "-k", directory.toString(), "-c", "fsync=off", "-c", "full_page_writes=off"))
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("postgres.log").toFile())
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.process::destroyForcibly));
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
			try (Connection connection = connect("postgres")) {
				return connection.isValid(1);
			}
		});
	}

	/** Starts a PostgreSQL; fails clearly when the binaries are missing. */
	public static PostgresServer start() {
		Path bin = binaries();
		try {
			Path directory = Files.createTempDirectory("switchboard-postgres");
			if (isRoot()) {
				run("chown", "-R", "postgres:postgres", directory.toString());
			}
			return new PostgresServer(bin, directory, FreePort.pick());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start PostgreSQL from " + bin + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path binaries() {
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("initdb"))
						&& Files.isExecutable(bin.resolve("postgres")))
				.max(Comparator.comparing(Path::toString))
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No PostgreSQL under /usr/lib/postgresql/*/bin: install Debian's"
					+ " postgresql (.ci/run does) to run the postgres suite (-Ppostgres)", ex);
		}
	}

	/** A new, empty database; @return its JDBC URL */
	public String createDatabase() {
		String name = "sb_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return url(name);
	}

	public String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public String username() {
		return USER;
	}

	/** The settings that point Switchboard at a new database of this server. */
	public List<String> settings() {
		return List.of("--spring.datasource.url=" + createDatabase(), "--spring.datasource.username=" + USER);
	}

	private Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(url(database), USER, "");
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static List<String> asUser(String... command) {
		List<String> words = new ArrayList<>();
		if (isRoot()) {
			words.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
		}
		words.addAll(List.of(command));
		return words;
	}

	private static void run(String... command) throws IOException, InterruptedException {
		List<String> words = command[0].equals("chown") ? List.of(command) : asUser(command);
		Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", words) + " failed: " + output);
		}
	}

	@Override
	public void close() {
		// SIGQUIT: an immediate shutdown; the cluster is thrown away.
		ProcessHandle.of(this.process.pid()).ifPresent((handle) -> {
			try {
				new ProcessBuilder("kill", "-QUIT", String.valueOf(handle.pid())).start().waitFor();
				this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (IOException ex) {
				// killed below
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.process.destroyForcibly();
		try {
			FileSystemUtils.deleteRecursively(this.directory);
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
