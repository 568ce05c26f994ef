package dev.switchboard.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A server socket whose {@link #accept} survives failures that do not mean the socket is
 * gone. Spring Integration's accept loop stops the whole factory on the first
 * {@code IOException}, so one "Too many open files" used to drop every user and leave the
 * port closed for good. Here a failed accept is counted, logged at most once per
 * {@link #LOG_EVERY_NANOS}, and retried after a back-off that doubles from
 * {@link #FIRST_BACKOFF_MILLIS} to {@link #MAX_BACKOFF_MILLIS} (what nats-server does);
 * waiting clients stay in the kernel's accept queue and get in as soon as descriptors
 * free up. Only a closed socket (the factory stopping) ends the loop.
 */
final class PatientServerSocket extends ServerSocket {

	static final long FIRST_BACKOFF_MILLIS = 10;

	static final long MAX_BACKOFF_MILLIS = 1000;

	static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final Log logger = LogFactory.getLog(PatientServerSocket.class);

	private final Runnable failed;

	private long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;

	private long suppressed;

	// When accepts started failing without a success since; 0 while they succeed.
	private volatile long failingSince;

	/**
	 * @param failed called on every failed accept (a meter)
	 */
	PatientServerSocket(Runnable failed) throws IOException {
		this.failed = failed;
	}

	/**
	 * @return how long every accept has failed, in nanoseconds; 0 while accepts succeed
	 */
	long failingFor() {
		long since = this.failingSince;
		return (since == 0) ? 0 : Math.max(1, System.nanoTime() - since);
	}

	@Override
	public Socket accept() throws IOException {
		long backoff = FIRST_BACKOFF_MILLIS;
		while (true) {
			try {
				Socket socket = super.accept();
				this.failingSince = 0;
				return socket;
			}
			catch (SocketTimeoutException ex) {
				throw ex;
			}
			catch (IOException ex) {
				if (isClosed()) {
					throw ex;
				}
				this.failed.run();
				if (this.failingSince == 0) {
					this.failingSince = System.nanoTime();
				}
				log(ex, backoff);
				pause(backoff);
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
			}
		}
	}

	private void log(IOException ex, long backoff) {
		long now = System.nanoTime();
		if (now - this.lastLogged >= LOG_EVERY_NANOS) {
			logger.warn("Accepting a chat connection failed (" + ex.getMessage() + "); retrying in " + backoff
					+ " ms, existing connections are unaffected"
					+ ((this.suppressed > 0) ? " (" + this.suppressed + " more failures since the last warning)" : "")
					+ ". If this says 'Too many open files', raise the process's open-file limit.");
			this.lastLogged = now;
			this.suppressed = 0;
		}
		else {
			this.suppressed++;
		}
	}

	private void pause(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("interrupted while backing off from a failed accept");
		}
	}

}
