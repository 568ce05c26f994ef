package dev.switchboard.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders an event as one JSON object per line (LF-free, CRLF-terminated) for programs:
 * {@code type}, {@code ts} (server time, epoch milliseconds), then the event's fields.
 * Optional fields are left out rather than sent as null. Every string goes through
 * {@link Unicode#wellFormed(String)} first: Jackson would write a lone surrogate as a
 * lone <code>&#92;uD83D</code> escape, which strict parsers reject. PROTOCOL.md §4.
 */
final class JsonEncoder {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final byte[] CRLF = { '\r', '\n' };

	private JsonEncoder() {
	}

	static byte[] encode(Event event, long timestamp) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", event.type());
		json.put("ts", timestamp);
		fields(event, json);
		byte[] body = MAPPER.writeValueAsBytes(json);
		byte[] line = new byte[body.length + 2];
		System.arraycopy(body, 0, line, 0, body.length);
		System.arraycopy(CRLF, 0, line, body.length, 2);
		return line;
	}

	private static void fields(Event event, Map<String, Object> json) {
		switch (event) {
			case Event.Welcome e -> put(json, "nick", e.nick(), "room", e.room());
			case Event.Message e -> {
				put(json, "room", e.room(), "from", e.from(), "text", e.text());
				flag(json, "action", e.action());
				account(json, e.account());
				flag(json, "notice", e.notice());
			}
			case Event.Dm e -> {
				put(json, "from", e.from(), "text", e.text());
				flag(json, "action", e.action());
				account(json, e.account());
				flag(json, "notice", e.notice());
			}
			case Event.Topic e -> put(json, "room", e.room(), "nick", e.nick(), "text", e.text());
			case Event.Account e -> {
				account(json, e.account());
				put(json, "text", e.text());
			}
			case Event.Whois e -> {
				put(json, "nick", e.nick(), "online", e.online(), "registered", e.registered());
				account(json, e.account());
			}
			case Event.Joined e -> {
				put(json, "room", e.room(), "nick", e.nick());
				if (e.self()) {
					json.put("self", true);
					json.put("members", e.members());
				}
			}
			case Event.Left e -> {
				put(json, "room", e.room(), "nick", e.nick());
				self(json, e.self());
				if (e.reason() != null) {
					put(json, "reason", e.reason());
				}
			}
			case Event.NickChanged e -> {
				put(json, "from", e.from(), "nick", e.nick());
				self(json, e.self());
			}
			case Event.Quit e -> put(json, "nick", e.nick(), "reason", e.reason());
			case Event.Info e -> put(json, "text", e.text());
			case Event.Error e -> put(json, "code", e.code().wire(), "text", e.text());
			case Event.Gap e -> {
				if (e.room() != null) {
					put(json, "room", e.room());
				}
				put(json, "since", e.since(), "until", e.until(), "text", e.text());
			}
			case Event.RoomList e -> {
				json.put("rooms",
						e.rooms()
							.stream()
							.map((r) -> new Event.RoomCount(Unicode.wellFormed(r.room()), r.members()))
							.toList());
				page(json, e.page());
			}
			case Event.Who e -> {
				put(json, "room", e.room(), "nicks", e.nicks().stream().map(Unicode::wellFormed).toList());
				page(json, e.page());
			}
			case Event.Kicked e -> {
				put(json, "room", e.room(), "nick", e.nick(), "by", e.by(), "reason", e.reason());
				self(json, e.self());
			}
			case Event.ModeChanged e -> {
				put(json, "room", e.room());
				if (e.by() != null) {
					put(json, "nick", e.by());
				}
				put(json, "modes", e.modes());
				if (!e.args().isEmpty()) {
					put(json, "args", e.args().stream().map(Unicode::wellFormed).toList());
				}
			}
			case Event.Modes e -> put(json, "room", e.room(), "modes", e.modes(), "operators",
					e.operators().stream().map(Unicode::wellFormed).toList());
			case Event.Invited e -> put(json, "room", e.room(), "from", e.from(), "nick", e.nick());
			case Event.Pong e -> {
				if (e.token() != null) {
					put(json, "token", e.token());
				}
			}
		}
	}

	// Only for lists of more than one page, so a short list reads as it always did.
	private static void page(Map<String, Object> json, Event.Page page) {
		if (!page.isOnlyPage()) {
			put(json, "page", page.number(), "pages", page.pages(), "total", page.total());
		}
	}

	private static void flag(Map<String, Object> json, String name, boolean on) {
		if (on) {
			json.put(name, true);
		}
	}

	private static void account(Map<String, Object> json, @Nullable String account) {
		if (account != null) {
			put(json, "account", account);
		}
	}

	private static void self(Map<String, Object> json, boolean self) {
		if (self) {
			json.put("self", true);
		}
	}

	private static void put(Map<String, Object> json, Object... pairs) {
		for (int i = 0; i < pairs.length; i += 2) {
			Object value = pairs[i + 1];
			json.put((String) pairs[i], (value instanceof String text) ? Unicode.wellFormed(text) : value);
		}
	}

}
