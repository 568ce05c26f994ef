package dev.switchboard.irc;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The IRC listener, {@code switchboard.irc.*} (README "Configuration", docs/IRC.md).
 *
 * @param enabled whether the IRC port listens
 * @param port the IRC port; 0 picks a free one
 * @param serverName the server's name in numerics and {@code PING}s; blank: the host name
 * @param network the {@code NETWORK} ISUPPORT token
 * @param pingInterval how long a client may be silent before the server sends it a
 * {@code PING}
 * @param pingTimeout how long the server then waits for any line before it closes the
 * connection (close reason {@code ping_timeout})
 * @param operators {@code OPER} names and their passwords, {@code {bcrypt}…} or
 * {@code {noop}…} (Spring Security's delegating password encoder)
 * @param tlsEnabled whether IRC over TLS listens when the TLS chat port is configured
 * ({@code switchboard.tls.bundle}); without a bundle there is no IRC-over-TLS port
 * @param tlsPort the IRC-over-TLS port, with the TLS chat port's certificate; 0 picks a
 * free one
 */
@Validated
@ConfigurationProperties("switchboard.irc")
record IrcProperties(@DefaultValue("true") boolean enabled, @DefaultValue("6667") @Min(0) @Max(65535) int port,
		@Nullable String serverName, @DefaultValue("Switchboard") String network,
		@DefaultValue("90s") Duration pingInterval, @DefaultValue("60s") Duration pingTimeout,
		@DefaultValue Map<String, String> operators, @DefaultValue("true") boolean tlsEnabled,
		@DefaultValue("6697") @Min(0) @Max(65535) int tlsPort) {

	@Override
	public String toString() {
		return "IrcProperties[port=" + this.port + ", tlsPort=" + this.tlsPort + ", serverName=" + this.serverName
				+ ", operators=" + this.operators.keySet() + "]";
	}

}
