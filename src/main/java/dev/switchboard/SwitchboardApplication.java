package dev.switchboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Switchboard: a chat server on a raw TCP port, for people with {@code nc} or
 * {@code telnet} and for programs speaking JSON lines.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SwitchboardApplication {

	public static void main(String[] args) {
		SpringApplication.run(SwitchboardApplication.class, args);
	}

}
