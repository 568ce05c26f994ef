package dev.switchboard.irc;

import dev.switchboard.gateway.ChatListeners;
import dev.switchboard.gateway.ChatServerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;

/**
 * IRC over TLS on {@code switchboard.irc.tls-port} (6697): on when the IRC listener is
 * and the TLS chat port has a certificate ({@code switchboard.tls.bundle}), unless
 * {@code switchboard.irc.tls-enabled=false}. The same IRC clients, commands and frames
 * channel as the plain IRC port; only the wire differs (listener tag {@code irc-tls}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "switchboard.irc.enabled", matchIfMissing = true)
@ConditionalOnExpression("!'${switchboard.tls.bundle:}'.isBlank() and '${switchboard.irc.tls-enabled:true}' == 'true'")
class IrcTlsConfiguration {

	@Bean
	ChatServerFactory ircTlsServer(ChatListeners listeners, IrcProperties irc, IrcClients ircClients) {
		return listeners.createEncrypted("irc-tls", irc.tlsPort(), new IrcArrival(ircClients));
	}

	@Bean
	IntegrationFlow ircTlsInbound(@Qualifier("ircTlsServer") ChatServerFactory ircTlsServer) {
		// Into the plain IRC port's channel, whose one subscriber hands frames to
		// IrcFrames.
		return IntegrationFlow.from(Tcp.inboundAdapter(ircTlsServer)).channel(IrcConfiguration.FRAMES).get();
	}

}
