package dev.switchboard.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A plain HTTP client for actuator calls in tests: anonymous as made, with HTTP Basic
 * credentials from {@link #as} or {@link #operator()}, from another loopback address with
 * {@link #from} (the management port throttles failed logins per address).
 */
public record Http(int port, @Nullable String authorization, @Nullable InetAddress source) {

	/** The operator password the test servers are started with (issue 11). */
	public static final String OPERATOR_PASSWORD = "test-operator-password";

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private static final Map<InetAddress, HttpClient> CLIENTS_BY_SOURCE = new ConcurrentHashMap<>();

	public Http(int port) {
		this(port, null, null);
	}

	public Http as(String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new Http(this.port, "Basic " + token, this.source);
	}

	/** With {@code admin} and {@link #OPERATOR_PASSWORD}. */
	public Http operator() {
		return as("admin", OPERATOR_PASSWORD);
	}

	public Http from(String loopbackAddress) {
		try {
			return new Http(this.port, this.authorization, InetAddress.getByName(loopbackAddress));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	public HttpResponse<String> post(String path, String json) {
		return post(path, HttpRequest.BodyPublishers.ofString(json));
	}

	/**
	 * Posts a JSON body from any publisher: {@code ofByteArray} sends a Content-Length,
	 * {@code ofInputStream} sends it chunked.
	 */
	public HttpResponse<String> post(String path, HttpRequest.BodyPublisher json) {
		return send(request(path).header("Content-Type", "application/json").POST(json).build());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		return (this.authorization != null) ? request.header("Authorization", this.authorization) : request;
	}

	private HttpClient client() {
		if (this.source == null) {
			return CLIENT;
		}
		return CLIENTS_BY_SOURCE.computeIfAbsent(this.source,
				(address) -> HttpClient.newBuilder().localAddress(address).build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return client().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
