package dev.switchboard.irc;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.switchboard.gateway.ChatListeners;
import dev.switchboard.gateway.ChatServerFactory;
import dev.switchboard.protocol.InboundFrame;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.routing.Accounts;
import dev.switchboard.routing.ChatProperties;
import dev.switchboard.routing.Messages;
import dev.switchboard.routing.Nicks;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.SessionRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The IRC listener ({@code switchboard.irc.enabled}, on by default): a gateway listener
 * on {@code switchboard.irc.port} whose connections register first, and the flow that
 * takes its frames to {@link IrcFrames}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "switchboard.irc.enabled", matchIfMissing = true)
class IrcConfiguration {

	/** The channel IRC frames go to, with their connection id header. */
	static final String FRAMES = "ircLines";

	@Bean
	IrcClients ircClients(Presence presence, Nicks nicks, IrcProperties irc) {
		return new IrcClients(presence, nicks, serverName(irc));
	}

	@Bean
	Pinger ircPinger(IrcClients ircClients, IrcProperties irc) {
		return new Pinger(ircClients, irc);
	}

	@Bean
	IrcFrames ircFrames(IrcClients clients, IrcProperties irc, ChatProperties chat, Presence presence,
			Messages messages, Rooms rooms, Nicks nicks, NameRules names, SessionRegistry sessions, Accounts accounts) {
		Channels channels = new Channels(presence, messages, rooms, names);
		Sasl sasl = new Sasl(accounts);
		Registration registration = new Registration(presence, irc, chat, clients, sessions, rooms, sasl);
		Talk talk = new Talk(messages, rooms, channels, clients);
		Users users = new Users(clients, nicks, rooms, presence, channels, irc,
				PasswordEncoderFactories.createDelegatingPasswordEncoder(), sessions);
		return new IrcFrames(clients, new IrcCommands(registration, channels, talk, users, sasl));
	}

	@Bean
	ChatServerFactory ircServer(ChatListeners listeners, IrcProperties irc, IrcClients ircClients) {
		return listeners.create("irc", irc.port(), new IrcArrival(ircClients));
	}

	@Bean
	IntegrationFlow ircInbound(@Qualifier("ircServer") ChatServerFactory ircServer, IrcFrames ircFrames) {
		return IntegrationFlow.from(Tcp.inboundAdapter(ircServer))
			.channel(FRAMES)
			.handle(InboundFrame.class, (frame, headers) -> {
				ircFrames.handle(headers.get(IpHeaders.CONNECTION_ID, String.class), frame);
				return null;
			})
			.get();
	}

	private static String serverName(IrcProperties irc) {
		String name = irc.serverName();
		if (name != null && !name.isBlank()) {
			return name;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "switchboard";
		}
	}

}
