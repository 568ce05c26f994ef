package dev.switchboard.gateway;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base for tests of the management port: a real Switchboard with its HTTP server on a
 * free port, shared by every class that extends this (one context), and an {@link Http}
 * client for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=100ms" })
abstract class ManagementFixture extends ServerFixture {

	@LocalServerPort
	int httpPort;

	Http http;

	@BeforeEach
	void http() {
		this.http = new Http(this.httpPort);
	}

}
