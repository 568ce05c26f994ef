package dev.switchboard.gateway;

import java.util.List;
import java.util.concurrent.ThreadFactory;

import dev.switchboard.routing.FrameHandler;
import dev.switchboard.routing.Presence;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;

/**
 * The plain chat listener and where its frames go, and what every listener shares.
 * Overrides the stock factory's defaults that do not fit a chat server (see
 * docs/ARCHITECTURE.md, "Gateway"): backlog 5, Nagle on, no keepalive, a platform thread
 * per connection, byte-at-a-time CRLF-only reads and blocking sends with no timeout. The
 * TLS listener is {@link TlsConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	ConnectionLimit connectionLimit(GatewayProperties properties) {
		return new ConnectionLimit(OpenFileLimit.fit(properties.maxConnections()),
				properties.maxConnectionsPerAddress());
	}

	@Bean
	AddressBudgets addressBudgets(InputProperties input) {
		return new AddressBudgets(input.addressBytesPerSecond().toBytes(), input.addressBurst().toBytes());
	}

	@Bean
	LiveConnections liveConnections() {
		return new LiveConnections();
	}

	@Bean
	SlowConsumerWatchdog slowConsumerWatchdog(LiveConnections liveConnections, OutboundProperties limits) {
		long period = Math.max(50, Math.min(1000, limits.writeTimeout().toMillis() / 4));
		return new SlowConsumerWatchdog(liveConnections, period);
	}

	@Bean
	ThreadFactory outboundWriters() {
		return Thread.ofVirtual().name("tcp-out-", 0).factory();
	}

	@Bean
	ChatListeners chatListeners(GatewayProperties properties, OutboundProperties limits, InputProperties inputLimits,
			DrainProperties drain, ConnectionLimit limit, ThreadFactory outboundWriters, GatewayMetrics metrics,
			LiveConnections liveConnections, AddressBudgets addressBudgets, Presence presence,
			ObjectProvider<TlsTransport> tlsTransport) {
		return new ChatListeners(new ChatConnectionSupport.Settings(properties, limits, inputLimits, drain),
				outboundWriters, limit, metrics, liveConnections, addressBudgets, presence::open, tlsTransport);
	}

	/** The plain listener, {@code switchboard.tcp.port}. */
	@Bean
	ChatServerFactory chatServer(ChatListeners chatListeners, GatewayProperties properties) {
		return chatListeners.create("plain", properties.port(), Transport.PLAIN);
	}

	/**
	 * {@code switchboard.listener.up}, one per listener: 1 while it accepts connections.
	 */
	@Bean
	MeterBinder listenerUp(List<ChatServerFactory> listeners, Drain drain) {
		return (registry) -> {
			for (ChatServerFactory listener : listeners) {
				Gauge.builder("switchboard.listener.up", () -> (listener.isListening() && !drain.isDraining()) ? 1 : 0)
					.description("1 while the chat port accepts connections, 0 when it is down or draining")
					.tag("listener", listener.listener())
					.register(registry);
			}
		};
	}

	@Bean
	IntegrationFlow tcpInbound(@Qualifier("chatServer") ChatServerFactory chatServer) {
		return IntegrationFlow.from(Tcp.inboundAdapter(chatServer)).channel(FrameHandler.CHANNEL).get();
	}

}
