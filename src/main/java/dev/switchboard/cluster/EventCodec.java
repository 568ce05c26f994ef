package dev.switchboard.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import dev.switchboard.protocol.Event;

/**
 * The events that cross nodes, in a compact binary form. Only what one user's action
 * tells others travels (messages, joins, leaves, nick changes, quits, direct messages,
 * operator lines); replies to the user who acted never leave their node.
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

	private EventCodec() {
	}

	static void write(DataOutput out, Event event) throws IOException {
		switch (event) {
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
			default -> throw new IOException("Unknown event type " + type);
		};
	}

}
