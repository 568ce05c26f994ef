package dev.switchboard.admin;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11: how the operator password setting is read, and that it is never shown. */
class OperatorAccountTests {

	@ParameterizedTest
	@ValueSource(strings = { "{bcrypt}$2a$10$abcdefghijklmnopqrstuu", "{argon2}$argon2id$v=19$x", "{noop}plain",
			"{pbkdf2@SpringSecurity_v5_8}abc" })
	void aValueWithAKnownAlgorithmIsAHash(String password) {
		assertThat(OperatorAccount.stored(password)).isEqualTo(password);
	}

	@ParameterizedTest
	@ValueSource(strings = { "hunter2", "{weird}value", "{bcrypt}", "pass {bcrypt}word" })
	void anyOtherValueIsAPlainPassword(String password) {
		assertThat(OperatorAccount.stored(password)).isEqualTo("{noop}" + password);
	}

	@Test
	void propertiesNeverShowThePassword() {
		AdminProperties admin = new AdminProperties(DataSize.ofBytes(8), DataSize.ofKilobytes(64), "admin",
				"s3cret-value", false, 10, Duration.ofMinutes(1), 10000);
		assertThat(admin.toString()).doesNotContain("s3cret-value").contains("password=(set)");
	}

}
