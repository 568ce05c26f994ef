package dev.switchboard.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Checks {@code switchboard.tcp.max-connections} against the process's open-file limit at
 * start. Every connection holds a descriptor; past the limit, accepts fail. When the
 * setting does not fit (the limit, less the descriptors already open, less
 * {@link #RESERVE} for the management port, logs and libraries), the maximum is lowered
 * to what fits and a warning says so, so clients over it get "Server full" instead of a
 * failed accept.
 */
final class OpenFileLimit {

	/** Descriptors kept for everything that is not a chat connection. */
	static final int RESERVE = 64;

	private static final Log logger = LogFactory.getLog(OpenFileLimit.class);

	private OpenFileLimit() {
	}

	/**
	 * @return {@code configured}, or less if the open-file limit does not allow it
	 */
	static int fit(int configured) {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (!(os instanceof UnixOperatingSystemMXBean unix)) {
			return configured;
		}
		return fit(configured, unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
	}

	static int fit(int configured, long limit, long open) {
		if (limit <= 0 || open < 0) {
			// Unlimited (RLIM_INFINITY reads as -1) or unknown.
			return configured;
		}
		long room = limit - open - RESERVE;
		if (configured <= room) {
			return configured;
		}
		int fitted = (int) Math.max(1, room);
		logger.warn("switchboard.tcp.max-connections=" + configured + " does not fit this process's open-file limit ("
				+ limit + ", " + open + " already open, " + RESERVE + " kept for everything else): using " + fitted
				+ ". Raise the limit (ulimit -n, systemd LimitNOFILE, docker --ulimit nofile) to allow more.");
		return fitted;
	}

}
