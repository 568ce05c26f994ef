package dev.switchboard.admin;

import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The management port's own protection: its request-size limit. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	/**
	 * Before every filter that may read the body (FormContentFilter is at -9900), after
	 * the observation filter (HIGHEST_PRECEDENCE + 1), so a 413 is still measured in
	 * {@code http.server.requests}.
	 */
	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(AdminProperties admin) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(admin.maxRequestSize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * Tomcat answers {@code Expect: 100-continue} once something reads the body instead
	 * of on arrival (its default), so a client that asks first (curl does for bodies over
	 * 1 KB) sends none of a body refused for its Content-Length.
	 */
	@Bean
	TomcatProtocolHandlerCustomizer<AbstractHttp11Protocol<?>> continueOnRead() {
		return (protocol) -> protocol.setContinueResponseTiming("onRead");
	}

}
