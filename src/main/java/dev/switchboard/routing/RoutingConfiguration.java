package dev.switchboard.routing;

import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.NameRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;

/** Where frames go once the gateway has read them: to the {@link FrameHandler}. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	/** The channel the gateway sends every inbound frame to. */
	static final String FRAMES = FrameHandler.CHANNEL;

	@Bean
	NameRules nameRules(ChatProperties chat) {
		return new NameRules(chat.maxNickLength(), chat.maxRoomLength(), chat.reservedNicks());
	}

	@Bean
	IntegrationFlow commands(FrameHandler frames) {
		return IntegrationFlow.from(FRAMES).handle(InboundFrame.class, (frame, headers) -> {
			frames.handle(headers.get(IpHeaders.CONNECTION_ID, String.class), frame);
			return null;
		}).get();
	}

}
