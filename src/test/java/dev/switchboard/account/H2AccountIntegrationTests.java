package dev.switchboard.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.util.FileSystemUtils;

/**
 * The account rows on the embedded default: an H2 file under
 * {@code switchboard.accounts.data-dir} (a temporary directory here), which a restart
 * opens again.
 */
class H2AccountIntegrationTests extends AccountRows {

	static Path dataDir;

	@BeforeAll
	static void startServer() throws IOException {
		dataDir = Files.createTempDirectory("switchboard-accounts");
		server = start(List.of("--switchboard.accounts.data-dir=" + dataDir));
	}

	@AfterAll
	static void removeData() throws IOException {
		FileSystemUtils.deleteRecursively(dataDir);
	}

	@Override
	List<String> database() {
		return List.of("--switchboard.accounts.data-dir=" + dataDir);
	}

}
