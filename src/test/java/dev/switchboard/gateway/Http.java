package dev.switchboard.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain HTTP client for actuator calls in tests. */
public record Http(int port) {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	public HttpResponse<String> post(String path, String json) {
		return post(path, HttpRequest.BodyPublishers.ofString(json));
	}

	/**
	 * Posts a JSON body from any publisher: {@code ofByteArray} sends a Content-Length,
	 * {@code ofInputStream} sends it chunked.
	 */
	public HttpResponse<String> post(String path, HttpRequest.BodyPublisher json) {
		return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(json).build());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
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
