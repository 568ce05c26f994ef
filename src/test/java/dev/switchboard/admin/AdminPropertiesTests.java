package dev.switchboard.admin;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default limits as numbers (like gateway's SettingsDefaultsTests; Redis #12961), and
 * a limit of zero refused at startup. README "Configuration" lists the same values.
 */
class AdminPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void adminDefaults() {
		this.runner.run((context) -> {
			AdminProperties admin = context.getBean(AdminProperties.class);
			assertThat(admin.maxAnnounceBytes()).isEqualTo(DataSize.ofBytes(4096));
			assertThat(admin.maxRequestSize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(admin.username()).isEqualTo("admin");
			assertThat(admin.password()).isNull();
			assertThat(admin.protectMetrics()).isFalse();
			assertThat(admin.maxFailedLogins()).isEqualTo(10);
			assertThat(admin.failedLoginWindow()).isEqualTo(Duration.ofMinutes(1));
			assertThat(admin.failedLoginAddresses()).isEqualTo(10000);
		});
	}

	@Test
	void aLimitOfZeroIsRefused() {
		this.runner.withPropertyValues("switchboard.admin.max-request-size=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-request-size must be at least 1B"));
	}

	@EnableConfigurationProperties(AdminProperties.class)
	static class Settings {

	}

}
