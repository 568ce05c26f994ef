package dev.switchboard.gateway;

import java.net.InetAddress;
import java.util.List;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * {@code switchboard.tcp.trusted-proxies}: the load balancers whose connections start
 * with a PROXY protocol header. Addresses and CIDR blocks, IPv4 or IPv6, matched with
 * Spring Security's {@link IpAddressMatcher}; a malformed entry stops the server at
 * start.
 */
final class TrustedProxies {

	private final List<IpAddressMatcher> matchers;

	TrustedProxies(List<String> entries) {
		this.matchers = entries.stream().map(String::strip).filter((entry) -> !entry.isEmpty()).map((entry) -> {
			try {
				return new IpAddressMatcher(entry);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"switchboard.tcp.trusted-proxies: '" + entry + "' is not an IP address or CIDR block", ex);
			}
		}).toList();
	}

	boolean isEmpty() {
		return this.matchers.isEmpty();
	}

	boolean trusts(InetAddress address) {
		if (this.matchers.isEmpty()) {
			return false;
		}
		String text = address.getHostAddress();
		for (IpAddressMatcher matcher : this.matchers) {
			if (matcher.matches(text)) {
				return true;
			}
		}
		return false;
	}

}
