package dev.switchboard.account;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts, {@code switchboard.accounts.*}. README "Configuration" lists them with
 * defaults. The database itself is Spring Boot's {@code spring.datasource.*}; its default
 * URL is an H2 file under {@code data-dir}.
 *
 * @param enabled whether nicks can be registered; false opens no database and answers the
 * account commands with {@code accounts_disabled}
 * @param dataDir where the default H2 database keeps its file (ignored when
 * {@code spring.datasource.url} names another database)
 * @param requireTls refuse commands carrying a password on an unencrypted connection from
 * anywhere but loopback
 * @param minPasswordLength shortest password, in characters
 * @param maxFailuresPerAccount failed password checks for one account within
 * {@code failureWindow} after which it refuses every attempt until the window passes
 * @param maxFailuresPerAddress the same, for one client address, whatever the account
 * @param failureWindow how long a count of failures lasts, from the first
 * @param takeoverTimeout how long {@code /login} waits for the nick's holder to let go of
 * it
 */
@Validated
@ConfigurationProperties("switchboard.accounts")
record AccountProperties(@DefaultValue("true") boolean enabled, @DefaultValue("./data") String dataDir,
		@DefaultValue("false") boolean requireTls, @DefaultValue("8") @Min(1) @Max(72) int minPasswordLength,
		@DefaultValue("5") @Min(1) int maxFailuresPerAccount, @DefaultValue("20") @Min(1) int maxFailuresPerAddress,
		@DefaultValue("1m") Duration failureWindow, @DefaultValue("5s") Duration takeoverTimeout) {

}
