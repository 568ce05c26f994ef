package dev.switchboard.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import dev.switchboard.protocol.Event;
import org.jspecify.annotations.Nullable;

/**
 * The events that cross nodes, in a compact binary form. Only what one user's action
 * tells others travels (messages, joins, leaves, nick changes, quits, direct messages,
 * topics, operator lines); replies to the user who acted never leave their node. A form
 * added later (notices, a DM's recipient, a leave's reason, topics, kicks) is used only
 * when the event needs it, so nodes of the previous version still read everything else;
 * they drop the rest as unreadable (docs/CLUSTER.md "Upgrades").
 */
final class EventCodec {

	private static final int MESSAGE = 1;

	private static final int DM = 2;

	private static final int JOINED = 3;

	private static final int LEFT = 4;

	private static final int NICK = 5;

	private static final int QUIT = 6;

	private static final int INFO = 7;

	/** A message from a logged-in sender: {@link #MESSAGE}, then the account. */
	private static final int MESSAGE_ACCOUNT = 8;

	/** A direct message from a logged-in sender: {@link #DM}, then the account. */
	private static final int DM_ACCOUNT = 9;

	/** A notice to a room: room, from, text, action, notice, then an optional account. */
	private static final int MESSAGE_NOTICE = 10;

	/**
	 * A direct message with its recipient, an action or a notice: from, text, optional
	 * account, optional recipient, action, notice.
	 */
	private static final int DM_FULL = 11;

	/** A leave with a reason (IRC {@code PART #room :reason}). */
	private static final int LEFT_REASON = 12;

	/** A room's topic set or cleared (empty text). */
	private static final int TOPIC = 13;

	/** An operator removed a member from a room: room, nick, by, reason. */
	private static final int KICKED = 14;

	private EventCodec() {
	}

	static void write(DataOutput out, Event event) throws IOException {
		switch (event) {
			case Event.Message e when e.notice() -> {
				out.writeByte(MESSAGE_NOTICE);
				out.writeUTF(e.room());
				out.writeUTF(e.from());
				out.writeUTF(e.text());
				out.writeBoolean(e.action());
				out.writeBoolean(true);
				writeOptional(out, e.account());
			}
			case Event.Dm e when e.to() != null || e.action() || e.notice() -> {
				out.writeByte(DM_FULL);
				out.writeUTF(e.from());
				out.writeUTF(e.text());
				writeOptional(out, e.account());
				writeOptional(out, e.to());
				out.writeBoolean(e.action());
				out.writeBoolean(e.notice());
			}
			case Event.Left e when e.reason() != null -> {
				out.writeByte(LEFT_REASON);
				out.writeUTF(e.room());
				out.writeUTF(e.nick());
				out.writeUTF(e.reason());
			}
			case Event.Kicked e -> {
				out.writeByte(KICKED);
				out.writeUTF(e.room());
				out.writeUTF(e.nick());
				out.writeUTF(e.by());
				out.writeUTF(e.reason());
			}
			case Event.Topic e -> {
				out.writeByte(TOPIC);
				out.writeUTF(e.room());
				out.writeUTF(e.nick());
				out.writeUTF(e.text());
			}
			case Event.Message e -> {
				out.writeByte((e.account() != null) ? MESSAGE_ACCOUNT : MESSAGE);
				out.writeUTF(e.room());
				out.writeUTF(e.from());
				out.writeUTF(e.text());
				out.writeBoolean(e.action());
				if (e.account() != null) {
					out.writeUTF(e.account());
				}
			}
			case Event.Dm e -> {
				out.writeByte((e.account() != null) ? DM_ACCOUNT : DM);
				out.writeUTF(e.from());
				out.writeUTF(e.text());
				if (e.account() != null) {
					out.writeUTF(e.account());
				}
			}
			case Event.Joined e -> {
				out.writeByte(JOINED);
				out.writeUTF(e.room());
				out.writeUTF(e.nick());
				out.writeInt(e.members());
			}
			case Event.Left e -> {
				out.writeByte(LEFT);
				out.writeUTF(e.room());
				out.writeUTF(e.nick());
			}
			case Event.NickChanged e -> {
				out.writeByte(NICK);
				out.writeUTF(e.from());
				out.writeUTF(e.nick());
			}
			case Event.Quit e -> {
				out.writeByte(QUIT);
				out.writeUTF(e.nick());
				out.writeUTF(e.reason());
			}
			case Event.Info e -> {
				out.writeByte(INFO);
				out.writeUTF(e.text());
			}
			default -> throw new IllegalArgumentException("A " + event.type() + " event never leaves its node");
		}
	}

	static Event read(DataInput in) throws IOException {
		int type = in.readUnsignedByte();
		return switch (type) {
			case MESSAGE -> new Event.Message(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean());
			case DM -> new Event.Dm(in.readUTF(), in.readUTF());
			case JOINED -> new Event.Joined(in.readUTF(), in.readUTF(), false, in.readInt());
			case LEFT -> new Event.Left(in.readUTF(), in.readUTF(), false);
			case NICK -> new Event.NickChanged(in.readUTF(), in.readUTF(), false);
			case QUIT -> new Event.Quit(in.readUTF(), in.readUTF());
			case INFO -> new Event.Info(in.readUTF());
			case MESSAGE_ACCOUNT ->
				new Event.Message(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean(), in.readUTF());
			case DM_ACCOUNT -> new Event.Dm(in.readUTF(), in.readUTF(), in.readUTF());
			case MESSAGE_NOTICE -> new Event.Message(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean(),
					readAccountAfterNotice(in), true);
			case DM_FULL -> new Event.Dm(in.readUTF(), in.readUTF(), readOptional(in), readOptional(in),
					in.readBoolean(), in.readBoolean());
			case LEFT_REASON -> new Event.Left(in.readUTF(), in.readUTF(), false, in.readUTF());
			case TOPIC -> new Event.Topic(in.readUTF(), in.readUTF(), in.readUTF());
			case KICKED -> new Event.Kicked(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), false);
			default -> throw new IOException("Unknown event type " + type);
		};
	}

	private static @Nullable String readAccountAfterNotice(DataInput in) throws IOException {
		in.readBoolean();
		return readOptional(in);
	}

	private static void writeOptional(DataOutput out, @Nullable String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			out.writeUTF(value);
		}
	}

	private static @Nullable String readOptional(DataInput in) throws IOException {
		return in.readBoolean() ? in.readUTF() : null;
	}

}
