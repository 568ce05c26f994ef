package dev.switchboard.account;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.RecordingOutbound;
import dev.switchboard.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** switchboard.accounts.require-tls and the clear-text warning (docs/SECURITY.md). */
class TransportTests {

	@ParameterizedTest
	@ValueSource(strings = { "192.0.2.7:40000", "10.1.2.3:5", "2001:db8:0:0:0:0:0:1:7000" })
	void requireTlsRefusesPasswordsOnPlainConnectionsFromOtherHosts(String address) {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> new Transport(true).check(session(address, false)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.ENCRYPTION_REQUIRED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:40000", "127.0.0.9:1", "0:0:0:0:0:0:0:1:7000" })
	void requireTlsStillTakesPasswordsFromLoopback(String address) {
		assertThatNoException().isThrownBy(() -> new Transport(true).check(session(address, false)));
	}

	@Test
	void requireTlsTakesPasswordsOverTlsFromAnywhere() {
		assertThatNoException().isThrownBy(() -> new Transport(true).check(session("192.0.2.7:40000", true)));
		assertThat(new Transport(true).warning(session("192.0.2.7:40000", true))).isNull();
	}

	@Test
	void withoutRequireTlsPlainConnectionsAreWarnedThatThePasswordWentInClear() {
		assertThatNoException().isThrownBy(() -> new Transport(false).check(session("192.0.2.7:40000", false)));
		assertThat(new Transport(false).warning(session("192.0.2.7:40000", false))).contains("clear text");
	}

	private static Session session(String address, boolean encrypted) {
		return new Session("c1", address, "ann", new RecordingOutbound(encrypted));
	}

}
