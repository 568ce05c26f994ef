package dev.switchboard.routing;

import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.NameRules;
import io.micrometer.core.instrument.config.MeterFilter;

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

	/**
	 * Of Spring Integration's own meters, keep the {@code frames} channel's send timer
	 * (how long a line takes to be handled on its reader thread, fan-out included) and
	 * the channel/handler counts; deny the per-line timers of the implicit bridge channel
	 * and handlers, which repeat it under generated names. None of SI's meters is on the
	 * per-recipient path.
	 */
	@Bean
	MeterFilter integrationMeters() {
		return MeterFilter.deny((id) -> "spring.integration.send".equals(id.getName())
				&& !(FRAMES.equals(id.getTag("name")) && "channel".equals(id.getTag("type"))));
	}

	@Bean
	IntegrationFlow commands(FrameHandler frames) {
		return IntegrationFlow.from(FRAMES).handle(InboundFrame.class, (frame, headers) -> {
			frames.handle(headers.get(IpHeaders.CONNECTION_ID, String.class), frame);
			return null;
		}).get();
	}

}
