package dev.switchboard.gateway;

import java.util.concurrent.ThreadFactory;

import dev.switchboard.routing.FrameHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;

/**
 * The chat listener and where its frames go. Overrides the stock factory's defaults that
 * do not fit a chat server (see docs/ARCHITECTURE.md, "Gateway"): backlog 5, Nagle on, no
 * keepalive, a platform thread per connection, byte-at-a-time CRLF-only reads and
 * blocking sends with no timeout.
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
	ChatServerFactory chatServer(GatewayProperties properties, OutboundProperties limits, InputProperties inputLimits,
			DrainProperties drain, ConnectionLimit limit, ThreadFactory outboundWriters, GatewayMetrics metrics,
			LiveConnections liveConnections, AddressBudgets addressBudgets) {
		SimpleAsyncTaskExecutor readers = new SimpleAsyncTaskExecutor("tcp-in-");
		readers.setVirtualThreads(true);
		// Not Tcp.netServer(): its spec builds the stock factory, and ours must be a
		// subclass (ChatServerFactory says why). The settings are the same ones.
		ChatServerFactory server = new ChatServerFactory(properties.port(), metrics::acceptFailed);
		server.setLocalAddress(properties.bindAddress());
		server.setBacklog(properties.backlog());
		server.setSoTcpNoDelay(true);
		server.setSoKeepAlive(true);
		server.setLookupHost(false);
		server.setTaskExecutor(readers);
		server.setTcpNetConnectionSupport(
				new ChatConnectionSupport(new ChatConnectionSupport.Settings(properties, limits, inputLimits, drain),
						outboundWriters, limit, metrics, liveConnections, addressBudgets));
		liveConnections.whenRemoved(server::forget);
		return server;
	}

	/** {@code switchboard.listener.up}: 1 while the chat port accepts connections. */
	@Bean
	MeterBinder listenerUp(ChatServerFactory chatServer, Drain drain) {
		return (registry) -> Gauge
			.builder("switchboard.listener.up", () -> (chatServer.isListening() && !drain.isDraining()) ? 1 : 0)
			.description("1 while the chat port accepts connections, 0 when it is down or draining")
			.register(registry);
	}

	@Bean
	IntegrationFlow tcpInbound(ChatServerFactory chatServer) {
		return IntegrationFlow.from(Tcp.inboundAdapter(chatServer)).channel(FrameHandler.CHANNEL).get();
	}

}
