package dev.switchboard.routing;

import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat rules, {@code switchboard.chat.*}. README "Configuration" lists them with
 * defaults.
 *
 * @param defaultRoom the room every new session is put in
 * @param autoJoin whether new sessions join the default room; false starts them in no
 * room
 * @param maxRoomsPerSession how many rooms one session may be in at once
 * @param maxNickLength longest nick, in characters (a letter, then letters, digits, _ or
 * -)
 * @param maxRoomLength longest room name, in characters
 * @param reservedNicks nicks nobody may take, compared ignoring case
 * @param pageSize most rooms in one {@code /rooms} reply and most nicks in one
 * {@code /who} reply; longer lists come in pages, so no reply grows with the server
 */
@Validated
@ConfigurationProperties("switchboard.chat")
public record ChatProperties(@DefaultValue("lobby") @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String defaultRoom,
		@DefaultValue("true") boolean autoJoin, @DefaultValue("20") @Min(1) int maxRoomsPerSession,
		@DefaultValue("32") @Min(2) @Max(256) int maxNickLength,
		@DefaultValue("64") @Min(1) @Max(256) int maxRoomLength, @DefaultValue( {
				"server", "admin", "system", "switchboard" }) Set<String> reservedNicks,
		@DefaultValue("100") @Min(1) @Max(1000) int pageSize){

}
