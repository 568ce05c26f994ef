package dev.switchboard.routing;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Message meters (a public contract: README "Metrics"). Counts are {@link LongAdder}s
 * read at scrape time; every tag has a small fixed set of values, never a nick, room or
 * address.
 */
@Component
public class ChatMetrics {

	/** What a received line was. */
	public enum Kind {

		/** said in a room, including /me */
		ROOM,
		/** a direct message */
		DM,
		/** any other command */
		COMMAND

	}

	/** Why a message went nowhere (slow_consumer is counted by the gateway). */
	public enum DropReason {

		LINE_TOO_LONG, INVALID_UTF8, NO_ROOM, NO_SUCH_NICK, RECIPIENT_CLOSING

	}

	private final Map<Kind, LongAdder> received = new EnumMap<>(Kind.class);

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final LongAdder delivered = new LongAdder();

	ChatMetrics(MeterRegistry registry, Rooms rooms) {
		for (Kind kind : Kind.values()) {
			this.received.put(kind, counter(registry, "switchboard.messages.received", "kind", kind.name(),
					"Lines received from clients, by kind"));
		}
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, counter(registry, "switchboard.messages.dropped", "reason", reason.name(),
					"Messages that reached nobody, by reason"));
		}
		FunctionCounter.builder("switchboard.messages.delivered", this.delivered, LongAdder::sum)
			.description("Chat messages (room and direct) queued to a recipient, one per recipient")
			.register(registry);
		Gauge.builder("switchboard.rooms.active", rooms, Rooms::size)
			.description("Rooms with members")
			.register(registry);
	}

	private static LongAdder counter(MeterRegistry registry, String name, String tag, String value,
			String description) {
		LongAdder count = new LongAdder();
		FunctionCounter.builder(name, count, LongAdder::sum)
			.description(description)
			.tag(tag, value.toLowerCase(Locale.ROOT))
			.register(registry);
		return count;
	}

	public void received(Kind kind) {
		this.received.get(kind).increment();
	}

	public void delivered(int recipients) {
		this.delivered.add(recipients);
	}

	public void dropped(DropReason reason) {
		this.dropped.get(reason).increment();
	}

}
