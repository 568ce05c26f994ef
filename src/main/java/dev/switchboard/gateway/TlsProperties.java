package dev.switchboard.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The TLS chat listener, {@code switchboard.tls.*} (README "Configuration",
 * docs/SECURITY.md "TLS on the chat port"). It listens only when {@code bundle} names an
 * SSL bundle; its address, backlog and every limit are the plain listener's
 * ({@code switchboard.tcp.*}).
 *
 * @param port TLS chat port; 0 picks a free one (tests)
 * @param bundle the Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.<name>} or
 * {@code .jks.<name>}) with the certificate and private key; empty: no TLS listener
 * @param handshakeTimeout how long a new connection may take to send its first bytes and
 * finish the TLS handshake before it is closed
 */
@Validated
@ConfigurationProperties("switchboard.tls")
record TlsProperties(@DefaultValue("9443") @Min(0) @Max(65535) int port, @DefaultValue("") String bundle,
		@DefaultValue("10s") Duration handshakeTimeout) {

	TlsProperties {
		if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
			throw new IllegalArgumentException(
					"switchboard.tls.handshake-timeout must be positive: a handshake cannot be allowed for ever");
		}
	}

}
