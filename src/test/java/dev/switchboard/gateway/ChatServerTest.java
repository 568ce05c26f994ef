package dev.switchboard.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * A real Switchboard on a free port with no web server, shared by the test classes that
 * use the same settings (so the context starts once). The sniff window is short to keep
 * tests fast; loopback clients that send at once are still inside it. The input limits
 * are off: these tests push megabytes from one address (RateLimitIntegrationTests and
 * AddressBudgetIntegrationTests test the limits).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "switchboard.tcp.port=0", "switchboard.tcp.sniff-window=100ms",
				"switchboard.input.lines-per-second=0", "switchboard.input.address-bytes-per-second=0" })
@interface ChatServerTest {

}
