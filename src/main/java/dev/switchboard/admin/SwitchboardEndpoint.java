package dev.switchboard.admin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.gateway.Drain;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/switchboard}: GET lists sessions; POST {@code /kick},
 * {@code /announce} and {@code /drain} act. README "Operations" documents the calls and
 * how to secure them.
 */
@Component
@Endpoint(id = "switchboard", defaultAccess = Access.UNRESTRICTED)
class SwitchboardEndpoint {

	private final SessionRegistry sessions;

	private final Rooms rooms;

	private final Presence presence;

	private final Drain drain;

	SwitchboardEndpoint(SessionRegistry sessions, Rooms rooms, Presence presence, Drain drain) {
		this.sessions = sessions;
		this.rooms = rooms;
		this.presence = presence;
		this.drain = drain;
	}

	@ReadOperation
	Map<String, Object> overview() {
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("draining", this.drain.isDraining());
		overview.put("rooms", this.rooms.counts());
		overview.put("sessions",
				this.sessions.all()
					.stream()
					.sorted(Comparator.comparing(Session::connectedAt))
					.map(SwitchboardEndpoint::describe)
					.toList());
		return overview;
	}

	private static SessionView describe(Session session) {
		return new SessionView(session.nick(), session.remoteAddress(), session.rooms(),
				session.connectedAt().toString(), session.bytesReceived(), session.bytesSent(), session.queuedBytes());
	}

	/**
	 * @param action {@code kick} (needs {@code nick}, optional {@code reason}),
	 * {@code announce} (needs {@code text}, optional {@code room}) or {@code drain}
	 */
	@WriteOperation
	Map<String, Object> act(@Selector String action, @Nullable String nick, @Nullable String reason,
			@Nullable String text, @Nullable String room) {
		return switch (action) {
			case "kick" -> kick(nick, (reason != null) ? reason : "no reason given");
			case "announce" -> announce(text, room);
			case "drain" -> Map.of("action", "drain", "connectionsLeft", this.drain.drain());
			default -> Map.of("error", "Unknown action '" + action + "'; use kick, announce or drain.");
		};
	}

	private Map<String, Object> kick(@Nullable String nick, String reason) {
		if (nick == null) {
			return Map.of("error", "kick needs a nick");
		}
		return Map.of("action", "kick", "nick", nick, "kicked", this.presence.kick(nick, reason));
	}

	private Map<String, Object> announce(@Nullable String text, @Nullable String room) {
		if (text == null || text.isBlank()) {
			return Map.of("error", "announce needs a text");
		}
		return Map.of("action", "announce", "recipients", this.presence.announce(text, room));
	}

	record SessionView(String nick, String address, List<String> rooms, String connectedSince, long bytesIn,
			long bytesOut, long queuedBytes) {
	}

}
