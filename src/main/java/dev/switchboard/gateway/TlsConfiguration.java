package dev.switchboard.gateway;

import dev.switchboard.routing.FrameHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;

/**
 * The TLS chat listener, on when {@code switchboard.tls.bundle} names an SSL bundle: the
 * same gateway as the plain listener ({@link ChatListeners}) with a {@link TlsTransport},
 * frames to the same channel. When the bundle is reloaded (its
 * {@code reload-on-update=true} and a changed file), new connections get the new
 * certificate; open ones keep theirs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${switchboard.tls.bundle:}'.isBlank()")
class TlsConfiguration {

	private static final Log logger = LogFactory.getLog(TlsConfiguration.class);

	@Bean
	TlsTransport tlsTransport(TlsProperties tls, SslBundles bundles) {
		String name = tls.bundle();
		TlsContext context = TlsContext.of(name, bundles.getBundle(name));
		TlsTransport transport = new TlsTransport(context, tls.handshakeTimeout());
		bundles.addBundleUpdateHandler(name, (bundle) -> reload(transport, name, bundle));
		logger.info("TLS chat listener: " + context.certificate() + ", from SSL bundle '" + name + "'");
		return transport;
	}

	/** A bad new certificate leaves the old one serving, and says so. */
	private static void reload(TlsTransport transport, String name, SslBundle bundle) {
		try {
			TlsContext context = TlsContext.of(name, bundle);
			transport.use(context);
			logger.info("TLS chat listener: SSL bundle '" + name + "' reloaded; new connections get "
					+ context.certificate());
		}
		catch (RuntimeException ex) {
			logger.warn("TLS chat listener: SSL bundle '" + name + "' changed but cannot be used (" + ex.getMessage()
					+ "); still serving " + transport.context().certificate());
		}
	}

	/** The TLS listener, {@code switchboard.tls.port}. */
	@Bean
	ChatServerFactory tlsServer(ChatListeners chatListeners, TlsProperties tls, TlsTransport tlsTransport) {
		return chatListeners.create("tls", tls.port(), tlsTransport);
	}

	@Bean
	IntegrationFlow tlsInbound(@Qualifier("tlsServer") ChatServerFactory tlsServer) {
		return IntegrationFlow.from(Tcp.inboundAdapter(tlsServer)).channel(FrameHandler.CHANNEL).get();
	}

}
