package dev.switchboard.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.switchboard.SwitchboardApplication;
import dev.switchboard.gateway.FreePort;
import dev.switchboard.gateway.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard.accounts.enabled=false}: the account commands say accounts are off,
 * every nick is free to take, and no database is opened (not even created).
 */
class AccountsDisabledIntegrationTests {

	@Test
	void withAccountsOffTheCommandsSaySoNicksAreFreeAndNoDatabaseIsOpened() throws IOException {
		Path dataDir = Files.createTempDirectory("switchboard-no-accounts");
		int port = FreePort.pick();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SwitchboardApplication.class)
			.web(WebApplicationType.NONE)
			.run("--switchboard.tcp.port=" + port, "--spring.main.banner-mode=off",
					"--switchboard.accounts.enabled=false",
					"--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db") + "/switchboard");
				LineClient ann = LineClient.login(port, "ann")) {
			ann.send("/register annpassword1")
				.expectLine("! Accounts are turned off on this server: nicks cannot be registered\\.");
			ann.send("/login bob bobpassword").expectLine("! Accounts are turned off on this server: .*");
			ann.send("/whois ann").expectLine("\\* ann is online, not logged in \\(the nick is not registered\\)\\.");
			ann.send("/nick admin2").expectLine("\\* You are now known as admin2");
			assertThat(app.getBeansOfType(AccountCommands.class)).isEmpty();
		}
		finally {
			assertThat(dataDir.resolve("db")).doesNotExist();
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

}
