package dev.switchboard.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.switchboard.protocol.Event;

/**
 * What travels between nodes on a Redis channel: a fixed header (format version, kind,
 * sequence number, the sender's epoch and clock, the sender's node id) and a
 * protocol-neutral event, which each receiving node renders once per output format. The
 * sequence number is written last, by the publisher ({@link #withSequence}), so that it
 * follows the order of publishing. Binary (DataOutput) rather than JSON: smaller, and
 * decoding costs no reflection. docs/CLUSTER.md "Data in Redis".
 */
record Envelope(Kind kind, long sequence, long epoch, long timestamp, String origin, Body body) {

	static final byte VERSION = 1;

	private static final int SEQUENCE_OFFSET = 2;

	private static final int EPOCH_OFFSET = 10;

	private static final int ORIGIN_OFFSET = 26;

	private static final Kind[] KINDS = Kind.values();

	enum Kind {

		/** An event for one room's members. */
		ROOM,
		/** An event for everyone sharing one of several rooms, once each. */
		ONCE,
		/** A direct message for one session of the receiving node. */
		DIRECT,
		/** An operator's kick for one session of the receiving node. */
		KICK,
		/** An operator's line for every session. */
		ANNOUNCE,
		/** A node saying it is alive. */
		HEARTBEAT,
		/**
		 * Someone logged in to a nick's account: rename the receiving node's session
		 * holding it to a guest. Last, so the older kinds keep their numbers.
		 */
		RENAME

	}

	sealed interface Body {

	}

	record Room(String key, Event event) implements Body {
	}

	record Once(long id, List<String> keys, Event event) implements Body {
	}

	record Direct(String nick, String connectionId, Event.Dm event) implements Body {
	}

	record Kick(String nick, String connectionId, String reason) implements Body {
	}

	record Rename(String nick, String connectionId, String reason) implements Body {
	}

	record Announce(Event.Info event) implements Body {
	}

	record Heartbeat() implements Body {
	}

	static byte[] encode(Kind kind, long epoch, long timestamp, String origin, Body body) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(kind.ordinal());
			out.writeLong(0);
			out.writeLong(epoch);
			out.writeLong(timestamp);
			out.writeUTF(origin);
			switch (body) {
				case Room room -> {
					out.writeUTF(room.key());
					EventCodec.write(out, room.event());
				}
				case Once once -> {
					out.writeLong(once.id());
					out.writeShort(once.keys().size());
					for (String key : once.keys()) {
						out.writeUTF(key);
					}
					EventCodec.write(out, once.event());
				}
				case Direct direct -> {
					out.writeUTF(direct.nick());
					out.writeUTF(direct.connectionId());
					EventCodec.write(out, direct.event());
				}
				case Kick kick -> {
					out.writeUTF(kick.nick());
					out.writeUTF(kick.connectionId());
					out.writeUTF(kick.reason());
				}
				case Rename rename -> {
					out.writeUTF(rename.nick());
					out.writeUTF(rename.connectionId());
					out.writeUTF(rename.reason());
				}
				case Announce announce -> EventCodec.write(out, announce.event());
				case Heartbeat heartbeat -> {
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** The first byte of several envelopes packed into one Redis message. */
	private static final byte PACK = 0x7F;

	/**
	 * Several envelopes in one Redis message: {@code PACK}, a count, then each envelope
	 * with its length, in order.
	 */
	static byte[] pack(List<byte[]> envelopes) {
		int size = 1 + 4;
		for (byte[] envelope : envelopes) {
			size += 4 + envelope.length;
		}
		ByteBuffer packed = ByteBuffer.allocate(size);
		packed.put(PACK).putInt(envelopes.size());
		for (byte[] envelope : envelopes) {
			packed.putInt(envelope.length).put(envelope);
		}
		return packed.array();
	}

	/**
	 * Whether a room channel's message (one envelope or a pack, whose envelopes all come
	 * from one publisher) was sent by the node whose id is {@code origin} in UTF-8: read
	 * in place, so a node skips its own lines coming back from Redis without copying
	 * them.
	 */
	static boolean isFrom(byte[] message, byte[] origin) {
		int start = isPack(message) ? 1 + 4 + 4 : 0;
		int at = start + ORIGIN_OFFSET;
		if (message.length < at + 2 + origin.length) {
			return false;
		}
		int length = ((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF);
		return length == origin.length && Arrays.equals(message, at + 2, at + 2 + length, origin, 0, origin.length);
	}

	static boolean isPack(byte[] message) {
		return message.length > 0 && message[0] == PACK;
	}

	/** Hands each envelope of a pack to {@code each}, in order. */
	static void unpack(byte[] message, java.util.function.Consumer<byte[]> each) {
		ByteBuffer packed = ByteBuffer.wrap(message);
		try {
			packed.get();
			int count = packed.getInt();
			if (count < 0 || count > message.length) {
				throw new IllegalArgumentException("Malformed pack");
			}
			for (int i = 0; i < count; i++) {
				int length = packed.getInt();
				if (length < 0 || length > packed.remaining()) {
					throw new IllegalArgumentException("Truncated pack");
				}
				byte[] envelope = new byte[length];
				packed.get(envelope);
				each.accept(envelope);
			}
		}
		catch (java.nio.BufferUnderflowException ex) {
			throw new IllegalArgumentException("Truncated pack", ex);
		}
	}

	/** Sets the sequence number of an encoded envelope, in place. */
	static void withSequence(byte[] envelope, long sequence) {
		ByteBuffer.wrap(envelope).putLong(SEQUENCE_OFFSET, sequence);
	}

	/**
	 * Sets the numbering an encoded envelope belongs to (its epoch) and its number in it,
	 * in place: a channel whose numbering starts again gets a new epoch, so receivers
	 * never take its first numbers for late ones.
	 */
	static void withSequence(byte[] envelope, long epoch, long sequence) {
		ByteBuffer.wrap(envelope).putLong(EPOCH_OFFSET, epoch);
		ByteBuffer.wrap(envelope).putLong(SEQUENCE_OFFSET, sequence);
	}

	/**
	 * Reads only the header (what the subscriber's I/O thread needs).
	 * @throws IllegalArgumentException if it is not an envelope of this version
	 */
	static Header header(byte[] envelope) {
		if (envelope.length < 27 || envelope[0] != VERSION || envelope[1] < 0 || envelope[1] >= KINDS.length) {
			throw new IllegalArgumentException("Not a version " + VERSION + " envelope");
		}
		ByteBuffer buffer = ByteBuffer.wrap(envelope);
		int length = buffer.getShort(26) & 0xFFFF;
		if (28 + length > envelope.length) {
			throw new IllegalArgumentException("Truncated envelope");
		}
		return new Header(KINDS[envelope[1]], buffer.getLong(2), buffer.getLong(10), buffer.getLong(18),
				new String(envelope, 28, length, StandardCharsets.UTF_8));
	}

	record Header(Kind kind, long sequence, long epoch, long timestamp, String origin) {
	}

	static Envelope decode(byte[] envelope) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(envelope))) {
			if (in.readByte() != VERSION) {
				throw new IllegalArgumentException("Not a version " + VERSION + " envelope");
			}
			Kind kind = KINDS[in.readByte()];
			long sequence = in.readLong();
			long epoch = in.readLong();
			long timestamp = in.readLong();
			String origin = in.readUTF();
			Body body = switch (kind) {
				case ROOM -> new Room(in.readUTF(), EventCodec.read(in));
				case ONCE -> {
					long id = in.readLong();
					int count = in.readUnsignedShort();
					List<String> keys = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						keys.add(in.readUTF());
					}
					yield new Once(id, List.copyOf(keys), EventCodec.read(in));
				}
				case DIRECT -> new Direct(in.readUTF(), in.readUTF(), (Event.Dm) EventCodec.read(in));
				case KICK -> new Kick(in.readUTF(), in.readUTF(), in.readUTF());
				case ANNOUNCE -> new Announce((Event.Info) EventCodec.read(in));
				case HEARTBEAT -> new Heartbeat();
				case RENAME -> new Rename(in.readUTF(), in.readUTF(), in.readUTF());
			};
			return new Envelope(kind, sequence, epoch, timestamp, origin, body);
		}
		catch (IOException | ClassCastException | ArrayIndexOutOfBoundsException ex) {
			throw new IllegalArgumentException("Malformed envelope", ex);
		}
	}

}
