package dev.switchboard.gateway;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The TCP listener, {@code switchboard.tcp.*}. README "Configuration" lists them.
 *
 * @param port chat port; 0 picks a free one (tests)
 * @param bindAddress address to listen on
 * @param backlog accept queue length (the kernel caps it at net.core.somaxconn)
 * @param maxLineBytes longest accepted line, excluding its terminator
 * @param maxConnections open connections at most; one more is told the server is full
 * @param maxConnectionsPerAddress open connections from one client IP at most; 0 for no
 * limit
 * @param readBuffer most bytes read from the socket per read call; a connection starts
 * with 512 and grows towards this while its reads fill the buffer
 * @param sniffWindow how long a new connection's first bytes are awaited before it is
 * greeted, so HTTP and TLS clients get one error line and port probes never enter a room;
 * 0 greets at once
 * @param lineTimeout how long a started line may take to be finished (its terminator to
 * arrive) before the connection is closed with reason timeout; 0 for no limit. An idle
 * connection has no deadline
 * @param keepaliveIdle how long a connection may be silent before TCP keepalive probes
 * start; 0 leaves the kernel's defaults (about two hours on Linux)
 * @param keepaliveInterval time between keepalive probes
 * @param keepaliveCount unanswered probes before the kernel drops the connection
 * @param trustedProxies addresses or CIDR blocks of load balancers that send a PROXY
 * protocol header (v1 or v2) before each client's bytes; a connection from one must start
 * with it, and the client's address it gives is used for limits, logs and sessions.
 * Empty: no header is read from anyone
 * @param proxyHeaderTimeout how long a trusted proxy may take to send the header
 */
@Validated
@ConfigurationProperties("switchboard.tcp")
record GatewayProperties(@DefaultValue("9999") @Min(0) @Max(65535) int port,
		@DefaultValue("0.0.0.0") String bindAddress, @DefaultValue("1024") @Min(1) int backlog,
		@DefaultValue("4096B") DataSize maxLineBytes, @DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue("20") @Min(0) int maxConnectionsPerAddress, @DefaultValue("4096B") DataSize readBuffer,
		@DefaultValue("200ms") Duration sniffWindow, @DefaultValue("60s") Duration lineTimeout,
		@DefaultValue("60s") Duration keepaliveIdle, @DefaultValue("10s") Duration keepaliveInterval,
		@DefaultValue("6") @Min(1) @Max(127) int keepaliveCount, @DefaultValue List<String> trustedProxies,
		@DefaultValue("5s") Duration proxyHeaderTimeout) {

}
