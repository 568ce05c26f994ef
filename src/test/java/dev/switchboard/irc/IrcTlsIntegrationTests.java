package dev.switchboard.irc;

import dev.switchboard.gateway.LineClient;
import dev.switchboard.gateway.Tls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * IRC over TLS: with the TLS chat port's certificate configured, a second IRC port speaks
 * IRC inside TLS, and its users share rooms with everyone else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.irc.server-name=irc.test",
				"switchboard.input.lines-per-second=0", "switchboard.tls.port=0", "switchboard.tls.bundle=chat",
				"spring.ssl.bundle.pem.chat.keystore.certificate=classpath:tls/first.crt",
				"spring.ssl.bundle.pem.chat.keystore.private-key=classpath:tls/first.key" })
class IrcTlsIntegrationTests extends IrcFixture {

	@Autowired
	@Qualifier("ircTlsServer")
	AbstractServerConnectionFactory ircTlsServer;

	@Autowired
	MeterRegistry meters;

	@Test
	void anIrcClientOverTlsTalksWithPlainIrcAndTextUsersInOneRoom() {
		try (LineClient secure = ircOverTls("sam"); LineClient irc = irc("ivy"); LineClient text = text("tom")) {
			join(secure, "sam", "#dev");
			join(irc, "ivy", "#dev");
			secure.awaitLine(":ivy!ivy@switchboard JOIN #dev");
			text.send("/join #dev").awaitLine("\\* You joined #dev \\(3 members\\)");
			secure.send("PRIVMSG #dev :sealed hello");
			irc.awaitLine(":sam!sam@switchboard PRIVMSG #dev :sealed hello");
			text.awaitLine("\\[#dev\\] sam: sealed hello");
			text.send("open reply");
			secure.awaitLine(":tom!tom@switchboard PRIVMSG #dev :open reply");
			assertThat(this.meters.get("switchboard.connections.active").tag("listener", "irc-tls").gauge().value())
				.isEqualTo(1);
		}
	}

	private LineClient ircOverTls(String nick) {
		await().until(this.ircTlsServer::isListening);
		LineClient client = LineClient.over(Tls.connect(this.ircTlsServer.getPort()));
		client.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
		client.awaitLine(":" + SERVER + " 422 " + nick + " :MOTD File is missing");
		return client;
	}

}
