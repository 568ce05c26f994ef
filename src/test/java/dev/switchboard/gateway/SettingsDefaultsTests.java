package dev.switchboard.gateway;

import java.time.Duration;

import dev.switchboard.SwitchboardApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default limit, as a number: a default that changes by accident (Redis #12961: 1
 * MB became 1024 MB) fails here. README "Configuration" lists the same values.
 */
class SettingsDefaultsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void gatewayDefaults() {
		this.runner.run((context) -> {
			GatewayProperties tcp = context.getBean(GatewayProperties.class);
			assertThat(tcp.port()).isEqualTo(9999);
			assertThat(tcp.bindAddress()).isEqualTo("0.0.0.0");
			assertThat(tcp.backlog()).isEqualTo(1024);
			assertThat(tcp.maxLineBytes()).isEqualTo(DataSize.ofBytes(4096));
			assertThat(tcp.maxConnections()).isEqualTo(10_000);
			assertThat(tcp.maxConnectionsPerAddress()).isEqualTo(20);
			assertThat(tcp.readBuffer()).isEqualTo(DataSize.ofBytes(4096));
			assertThat(tcp.sniffWindow()).isEqualTo(Duration.ofMillis(200));
			assertThat(tcp.lineTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(tcp.keepaliveIdle()).isEqualTo(Duration.ofSeconds(60));
			assertThat(tcp.keepaliveInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(tcp.keepaliveCount()).isEqualTo(6);
		});
	}

	@Test
	void inputOutputAndDrainDefaults() {
		this.runner.run((context) -> {
			InputProperties input = context.getBean(InputProperties.class);
			assertThat(input.linesPerSecond()).isEqualTo(20);
			assertThat(input.burst()).isEqualTo(100);
			assertThat(input.floodTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(input.addressBytesPerSecond()).isEqualTo(DataSize.ofKilobytes(128));
			assertThat(input.addressBurst()).isEqualTo(DataSize.ofKilobytes(256));
			OutboundProperties outbound = context.getBean(OutboundProperties.class);
			assertThat(outbound.maxPending()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(outbound.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(outbound.policy()).isEqualTo(OutboundProperties.SlowConsumerPolicy.DISCONNECT);
			assertThat(outbound.closeGrace()).isEqualTo(Duration.ofSeconds(1));
			DrainProperties drain = context.getBean(DrainProperties.class);
			assertThat(drain.grace()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void tlsIsOffByDefaultWithItsPortAndHandshakeTimeoutSet() {
		this.runner.run((context) -> {
			TlsProperties tls = context.getBean(TlsProperties.class);
			assertThat(tls.bundle()).isEmpty();
			assertThat(tls.port()).isEqualTo(9443);
			assertThat(tls.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void aHandshakeTimeoutOfZeroIsRefusedAtStart() {
		this.runner.withPropertyValues("switchboard.tls.handshake-timeout=0s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@EnableConfigurationProperties
	@ConfigurationPropertiesScan(basePackageClasses = SwitchboardApplication.class)
	static class Settings {

	}

}
