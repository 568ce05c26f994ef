package dev.switchboard.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.switchboard.gateway.FreePort;

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code redis-server} in a process of its own on a free loopback port, with no
 * persistence (a restart comes back empty), and what the fault tests do to it: stop,
 * restart, freeze ({@code SIGSTOP}), thaw, and commands through {@code redis-cli}.
 */
final class RedisServer implements AutoCloseable {

	private final int port;

	private final Path log;

	private Process process;

	private RedisServer(int port) throws IOException {
		this.port = port;
		this.log = Files.createTempFile("redis", ".log");
		launch();
	}

	/** Starts a Redis; fails clearly when the redis-server binary is missing. */
	static RedisServer start() {
		try {
			return new RedisServer(FreePort.pick());
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Could not start redis-server (install Debian's redis-server; .ci/run does): " + ex.getMessage(),
					ex);
		}
	}

	private void launch() throws IOException {
		this.process = new ProcessBuilder("redis-server", "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		Process started = this.process;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "PONG".equals(command("PING")));
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	/** Stops Redis (SIGKILL: it keeps nothing anyway). */
	void stop() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts it again, empty, on the same port. */
	void restart() {
		try {
			launch();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void freeze() {
		signal("STOP");
	}

	void thaw() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start().waitFor();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Sends one command ({@link Resp}) and returns the reply as text: a simple string, an
	 * integer, a bulk string, or an array's elements one per line.
	 */
	String command(String... words) {
		return String.join("\n", Resp.call(this.port, Duration.ofSeconds(2), words));
	}

	@Override
	public void close() {
		thaw();
		stop();
		try {
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			// a temporary file left behind
		}
	}

}
