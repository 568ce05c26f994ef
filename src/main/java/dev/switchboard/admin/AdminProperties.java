package dev.switchboard.admin;

import jakarta.validation.constraints.AssertTrue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The operator endpoint and the management port it is served on,
 * {@code switchboard.admin.*}. README "Configuration" lists them.
 *
 * @param maxAnnounceBytes longest announce text, in UTF-8 bytes once sanitised; the
 * default is a chat line's default limit, so an announce is never longer than a line a
 * user may send
 * @param maxRequestSize largest request body the management port reads; a larger one gets
 * 413 before it is read
 */
@Validated
@ConfigurationProperties("switchboard.admin")
record AdminProperties(@DefaultValue("4096B") DataSize maxAnnounceBytes,
		@DefaultValue("64KB") DataSize maxRequestSize) {

	@AssertTrue(message = "max-announce-bytes must be at least 1B")
	boolean isMaxAnnounceBytesPositive() {
		return this.maxAnnounceBytes.toBytes() > 0;
	}

	@AssertTrue(message = "max-request-size must be at least 1B")
	boolean isMaxRequestSizePositive() {
		return this.maxRequestSize.toBytes() > 0;
	}

}
