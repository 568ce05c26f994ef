package dev.switchboard.cluster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a plain socket (RESP), for tests that poke Redis directly: no
 * client library between the test and what Redis holds.
 */
final class Resp {

	private Resp() {
	}

	/**
	 * @return the reply's values: a simple string, an integer, a bulk string, or an
	 * array's elements (flattened)
	 * @throws IllegalStateException on an error reply or a failed connection
	 */
	static List<String> call(int port, Duration timeout, String... words) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout((int) timeout.toMillis());
			StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
			for (String word : words) {
				request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
				request.append(word).append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return reply(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"redis command " + String.join(" ", words) + " on port " + port + " failed: " + ex.getMessage(),
					ex);
		}
	}

	private static List<String> reply(InputStream in) throws IOException {
		String line = readLine(in);
		if (line.isEmpty()) {
			throw new IOException("no reply");
		}
		char type = line.charAt(0);
		String rest = line.substring(1);
		List<String> values = new ArrayList<>();
		switch (type) {
			case '+', ':' -> values.add(rest);
			case '-' -> throw new IOException(rest);
			case '$' -> {
				int length = Integer.parseInt(rest);
				if (length >= 0) {
					byte[] bytes = in.readNBytes(length + 2);
					values.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
				}
			}
			case '*' -> {
				int count = Integer.parseInt(rest);
				for (int i = 0; i < count; i++) {
					values.addAll(reply(in));
				}
			}
			default -> throw new IOException("unexpected reply " + line);
		}
		return values;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				break;
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

}
