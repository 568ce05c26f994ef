package dev.switchboard.gateway;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.SwitchboardApplication;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * Switchboard in a process of its own, started from the test classpath on free ports, for
 * tests that change what only a process can have: its open-file limit, a kill.
 */
public final class ChildServer implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final @Nullable Path dataDir;

	public final int chatPort;

	public final int httpPort;

	private ChildServer(Process process, Path log, @Nullable Path dataDir, int chatPort, int httpPort) {
		this.process = process;
		this.log = log;
		this.dataDir = dataDir;
		this.chatPort = chatPort;
		this.httpPort = httpPort;
	}

	/**
	 * @param prefix command words before java (for example {@code prlimit --nofile=N:N})
	 * @param settings {@code --name=value} arguments; without a database setting
	 * ({@code switchboard.accounts.data-dir} or {@code spring.datasource.url}) the child
	 * keeps its accounts in a temporary directory, removed on {@link #close()}, never in
	 * the working directory's ./data
	 */
	public static ChildServer start(List<String> prefix, String... settings) {
		try {
			int chat = FreePort.pick();
			int http = FreePort.pick();
			Path log = Files.createTempFile("switchboard-child", ".log");
			List<String> command = new ArrayList<>(prefix);
			command.add(ProcessHandle.current().info().command().orElse("java"));
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(SwitchboardApplication.class.getName());
			command.add("--switchboard.tcp.port=" + chat);
			command.add("--server.port=" + http);
			command.add("--switchboard.admin.password=" + Http.OPERATOR_PASSWORD);
			Path dataDir = null;
			if (List.of(settings)
				.stream()
				.noneMatch((s) -> s.startsWith("--switchboard.accounts.data-dir=")
						|| s.startsWith("--spring.datasource.url="))) {
				dataDir = Files.createTempDirectory("switchboard-child-data");
				command.add("--switchboard.accounts.data-dir=" + dataDir);
			}
			command.addAll(List.of(settings));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ChildServer child = new ChildServer(process, log, dataDir, chat, http);
			// Not left behind if the test JVM ends first.
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			try {
				awaitReady(child, process);
			}
			catch (RuntimeException | Error ex) {
				child.close();
				throw ex;
			}
			return child;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitReady(ChildServer child, Process process) {
		await().atMost(Duration.ofSeconds(180))
			.ignoreExceptions()
			.until(() -> !process.isAlive() || child.http().get("/actuator/health/readiness").statusCode() == 200);
		if (!process.isAlive()) {
			throw new IllegalStateException("The child server died:\n" + child.output());
		}
	}

	public long pid() {
		return this.process.pid();
	}

	/** Open file descriptors of the process, as /proc lists them. */
	int openFiles() {
		String[] entries = new File("/proc/" + pid() + "/fd").list();
		return (entries != null) ? entries.length : -1;
	}

	/** Logged in as the operator. */
	public Http http() {
		return new Http(this.httpPort).operator();
	}

	public String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	/** Kills the process with SIGKILL (kill -9) and waits for it to be gone. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
			Files.deleteIfExists(this.log);
			if (this.dataDir != null) {
				FileSystemUtils.deleteRecursively(this.dataDir);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// a temporary file left behind
		}
	}

}
