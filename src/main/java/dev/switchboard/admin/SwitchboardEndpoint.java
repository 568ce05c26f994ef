package dev.switchboard.admin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.gateway.Drain;
import dev.switchboard.protocol.NameRules;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.Peers;
import dev.switchboard.routing.Presence;
import dev.switchboard.routing.Rooms;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/switchboard}: GET lists sessions; POST {@code /kick},
 * {@code /announce} and {@code /drain} act. A mistake in a call gets a 4xx status with a
 * JSON {@code error}, so it is web-only. README "Operations" documents the calls and
 * their statuses; {@link ManagementSecurityConfiguration} requires the operator's
 * credentials for all of them (README "Protecting the management port").
 */
@Component
@WebEndpoint(id = "switchboard", defaultAccess = Access.UNRESTRICTED)
class SwitchboardEndpoint {

	private final SessionRegistry sessions;

	private final Rooms rooms;

	private final Presence presence;

	private final Drain drain;

	private final NameRules names;

	private final OperatorText operatorText;

	private final Peers peers;

	SwitchboardEndpoint(SessionRegistry sessions, Rooms rooms, Presence presence, Peers peers, Drain drain,
			NameRules names, AdminProperties admin) {
		this.peers = peers;
		this.sessions = sessions;
		this.rooms = rooms;
		this.presence = presence;
		this.drain = drain;
		this.names = names;
		this.operatorText = new OperatorText(admin);
	}

	@ReadOperation
	Map<String, Object> overview() {
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("draining", this.drain.isDraining());
		List<String> nodes = this.peers.nodes();
		if (!nodes.isEmpty()) {
			// A cluster: the live nodes, this one first; rooms are cluster-wide, sessions
			// are this node's.
			overview.put("node", nodes.getFirst());
			overview.put("nodes", nodes);
		}
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
				session.connectedAt().toString(), session.bytesReceived(), session.bytesSent(), session.queuedBytes(),
				session.account());
	}

	/**
	 * @param action {@code kick} (needs {@code nick}, optional {@code reason}),
	 * {@code announce} (needs {@code text}, optional {@code room}) or {@code drain}; the
	 * reason and text are sanitised and bounded by {@link OperatorText}
	 * @return 200 with what was done; 400 for a mistake in the call; 404 for a nick or
	 * room that does not exist (README "Operations")
	 */
	@WriteOperation
	WebEndpointResponse<Map<String, Object>> act(@Selector String action, @Nullable String nick,
			@Nullable String reason, @Nullable String text, @Nullable String room) {
		try {
			return new WebEndpointResponse<>(switch (action) {
				case "kick" -> kick(required(nick, "kick needs a nick."), this.operatorText.reason(reason));
				case "announce" ->
					announce(this.operatorText.announcement(required(text, "announce needs a text.")), room);
				case "drain" -> Map.of("action", "drain", "connectionsLeft", this.drain.drain());
				default ->
					throw OperatorMistake.badRequest("Unknown action '" + action + "'; use kick, announce or drain.");
			});
		}
		catch (OperatorMistake mistake) {
			return mistake.response();
		}
	}

	private static String required(@Nullable String value, String mistake) {
		if (value == null || value.isBlank()) {
			throw OperatorMistake.badRequest(mistake);
		}
		return value;
	}

	private Map<String, Object> kick(String nick, String reason) {
		boolean kicked = this.presence.kick(nick, reason);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("action", "kick");
		result.put("nick", nick);
		result.put("kicked", kicked);
		if (!kicked) {
			throw OperatorMistake.notFound("Nobody has the nick " + nick + ".", result);
		}
		return result;
	}

	private Map<String, Object> announce(String text, @Nullable String room) {
		String name = (room != null) ? existingRoom(room) : null;
		return Map.of("action", "announce", "recipients", this.presence.announce(text, name));
	}

	/**
	 * Rooms exist only while they have members, so an announce into any other is a
	 * mistake (a typo, or the room emptied), not zero recipients.
	 */
	private String existingRoom(String room) {
		String name;
		try {
			name = this.names.room(room);
		}
		catch (ProtocolException ex) {
			throw OperatorMistake.badRequest(ex.getMessage());
		}
		if (this.rooms.displayName(NameRules.key(name)) == null) {
			throw OperatorMistake.notFound("There is no room #" + name + ": a room exists only while it has members.",
					Map.of());
		}
		return name;
	}

	/** One session; {@code account} is the account it is logged in to, or null. */
	record SessionView(String nick, String address, List<String> rooms, String connectedSince, long bytesIn,
			long bytesOut, long queuedBytes, @Nullable String account) {
	}

}
