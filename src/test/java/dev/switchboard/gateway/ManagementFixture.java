package dev.switchboard.gateway;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base for tests of the management port: a real Switchboard with its HTTP server on a
 * free port and an operator password, shared by every class that extends this (one
 * context), and {@link Http} clients for it: {@code http} logged in as the operator,
 * {@code anonymous} without credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "switchboard.tcp.port=0",
		"switchboard.tcp.sniff-window=100ms", "switchboard.admin.password=" + Http.OPERATOR_PASSWORD })
abstract class ManagementFixture extends ServerFixture {

	@LocalServerPort
	int httpPort;

	Http http;

	Http anonymous;

	@BeforeEach
	void http() {
		this.anonymous = new Http(this.httpPort);
		this.http = this.anonymous.operator();
	}

}
