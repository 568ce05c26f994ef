package dev.switchboard.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reliability issue, management port: a request body over
 * {@code switchboard.admin.max-request-size} (64KB) gets 413 with a JSON error, whether
 * it comes with a Content-Length or chunked, and the server answers without reading the
 * rest of it (10 MB and 50 MB bodies once took RSS to 485 MB).
 */
class ManagementRequestSizeIntegrationTests extends ManagementFixture {

	private static final int LIMIT = 64 * 1024;

	private static final String TOO_LARGE = "{\"error\":\"The request body is over the limit of 65536 bytes "
			+ "(switchboard.admin.max-request-size).\"}";

	@Test
	void tenMegabytesWithAContentLengthGet413() {
		HttpResponse<String> response = this.http.post("/actuator/switchboard/announce",
				BodyPublishers.ofByteArray(announce(10 * 1024 * 1024)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).isEqualTo(TOO_LARGE);
	}

	@Test
	void tenMegabytesChunkedGet413() {
		byte[] body = announce(10 * 1024 * 1024);
		HttpResponse<String> response = this.http.post("/actuator/switchboard/announce",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).isEqualTo(TOO_LARGE);
	}

	@Test
	void aContentLengthOverTheLimitIsAnsweredBeforeAnyOfTheBodyIsSent() throws IOException {
		String response = exchange("Content-Length: " + 10 * 1024 * 1024, new byte[0]);
		assertThat(response).startsWith("HTTP/1.1 413 ").endsWith("\r\n\r\n" + TOO_LARGE);
	}

	@Test
	void aClientThatAsksBeforeSendingIsRefusedWithoutBeingToldToContinue() throws IOException {
		String response = exchange("Expect: 100-continue\r\nContent-Length: " + 10 * 1024 * 1024, new byte[0]);
		assertThat(response).startsWith("HTTP/1.1 413 ").endsWith("\r\n\r\n" + TOO_LARGE);
	}

	@Test
	void aChunkedBodyIsAnsweredOnceItPassesTheLimitWithoutWaitingForItsEnd() throws IOException {
		byte[] chunk = announce(LIMIT + 1);
		byte[] unfinished = concat((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
				chunk, "\r\n".getBytes(StandardCharsets.US_ASCII));
		String response = exchange("Transfer-Encoding: chunked", unfinished);
		assertThat(response).startsWith("HTTP/1.1 413 ").contains("\r\n\r\n").contains(TOO_LARGE);
	}

	/**
	 * Measured on loopback: 0.16 to 0.3 MB taken with max-swallow-size 64KB (the rest is
	 * socket buffers), 2.4 to 3.2 MB with Tomcat's default of 2MB.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "Content-Length: 10485760", "Transfer-Encoding: chunked" })
	void afterA413TheServerTakesLittleMoreOfTheBodyBeforeItCloses(String framing) throws IOException {
		byte[] piece = new byte[16 * 1024];
		Arrays.fill(piece, (byte) 'a');
		if (framing.contains("chunked")) {
			piece = concat("4000\r\n".getBytes(StandardCharsets.US_ASCII), piece,
					"\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		long taken = 0;
		try (Socket socket = new Socket()) {
			socket.setSendBufferSize(8192);
			socket.connect(new InetSocketAddress("127.0.0.1", this.httpPort));
			CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS).execute(() -> close(socket));
			OutputStream out = socket.getOutputStream();
			out.write(head(framing));
			while (taken < 10 * 1024 * 1024) {
				out.write(piece);
				taken += piece.length;
			}
		}
		catch (SocketException closed) {
			// by the server; or by the timer, had the server stopped reading without
			// closing
		}
		assertThat(taken).isLessThan(1024 * 1024);
	}

	@Test
	void refusalsAreStillMeasuredAsHttpServerRequests() {
		this.http.post("/actuator/switchboard/announce", BodyPublishers.ofByteArray(announce(LIMIT + 1)));
		assertThat(this.http.get("/actuator/prometheus").body())
			.containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"413\"");
	}

	@Test
	void aBodyOfExactlyTheLimitIsAcceptedEitherWay() {
		byte[] body = Arrays.copyOf("{\"nick\":\"ghost\"}".getBytes(StandardCharsets.US_ASCII), LIMIT);
		Arrays.fill(body, 16, LIMIT, (byte) ' ');
		assertThat(this.http.post("/actuator/switchboard/kick", BodyPublishers.ofByteArray(body)).statusCode())
			.isEqualTo(404);
		assertThat(this.http
			.post("/actuator/switchboard/kick", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.statusCode()).isEqualTo(404);
	}

	/** A raw HTTP/1.1 POST that sends only the given part of its body, then reads. */
	private String exchange(String framingHeader, byte[] partOfBody) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.httpPort)) {
			socket.setSoTimeout((int) LineClient.LINE_TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(head(framingHeader));
			out.write(partOfBody);
			out.flush();
			return readUntilJsonEnds(socket.getInputStream());
		}
	}

	private static byte[] head(String framingHeader) {
		return ("POST /actuator/switchboard/announce HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
				+ new Http(0).operator().authorization() + "\r\nContent-Type: application/json\r\n"
				+ "Connection: close\r\n" + framingHeader + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	private static String readUntilJsonEnds(InputStream in) throws IOException {
		StringBuilder response = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0) {
			response.append((char) b);
			if (response.toString().endsWith("}")) {
				break;
			}
		}
		return response.toString();
	}

	private static byte[] announce(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) 'a');
		byte[] open = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(open, 0, body, 0, open.length);
		body[size - 2] = '"';
		body[size - 1] = '}';
		return body;
	}

	private static byte[] concat(byte[]... parts) {
		int size = 0;
		for (byte[] part : parts) {
			size += part.length;
		}
		byte[] all = new byte[size];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
