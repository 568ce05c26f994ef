package dev.switchboard.irc;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.protocol.IrcEncoder;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.protocol.OutputFormat;
import dev.switchboard.protocol.Unicode;
import dev.switchboard.session.Outbound;
import dev.switchboard.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * What IRC adds to one session: registration, capabilities, away, operator status and
 * liveness. Changed only on the connection's reader thread (inside {@link Session#act});
 * read by the pinger and by other clients' WHO/WHOIS, hence {@code volatile}. Replies
 * meant for this client alone (numerics) are written here, straight to its outbound
 * queue, in order with its deliveries.
 */
final class IrcClient {

	private final Session session;

	private final Outbound outbound;

	private final String server;

	private final Set<String> caps = ConcurrentHashMap.newKeySet();

	private volatile @Nullable String user;

	private volatile String realName = "";

	private volatile boolean nickGiven;

	private volatile boolean negotiating;

	private volatile boolean registered;

	private volatile @Nullable String away;

	private volatile boolean operator;

	private volatile boolean invisible;

	private volatile long lastHeard = System.nanoTime();

	private volatile long pingSent;

	private volatile @Nullable String pendingNick;

	private volatile @Nullable StringBuilder sasl;

	IrcClient(Session session, Outbound outbound, String server) {
		this.session = session;
		this.outbound = outbound;
		this.server = server;
	}

	Session session() {
		return this.session;
	}

	String nick() {
		return this.session.nick();
	}

	/** The nick in numerics: {@code *} until registered. */
	String target() {
		return this.registered ? this.session.nick() : "*";
	}

	/** Sends {@code :server NUMERIC target params…}, the last as trailing. */
	void numeric(Numeric numeric, String... params) {
		send(":" + this.server + " " + numeric.code() + " " + target() + trailing(params));
	}

	/** Sends one line from the server ({@code :server} + line). */
	void fromServer(String line) {
		send(":" + this.server + " " + line);
	}

	void send(String line) {
		String clipped = clip(Unicode.wellFormed(line));
		this.outbound.send(OutboundFrame.raw((clipped + "\r\n").getBytes(StandardCharsets.UTF_8)));
	}

	// A reply longer than an IRC line is cut rather than sent whole (RFC 1459 §2.3).
	private static String clip(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= IrcEncoder.MAX_LINE - 2) {
			return line;
		}
		return line.substring(0, IrcEncoder.fit(line, IrcEncoder.MAX_LINE - 2));
	}

	static String trailing(String... params) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < params.length; i++) {
			boolean last = i == params.length - 1;
			String param = params[i];
			out.append(' ');
			if (last && (param.isEmpty() || param.contains(" ") || param.startsWith(":"))) {
				out.append(':');
			}
			out.append(param);
		}
		return out.toString();
	}

	Set<String> caps() {
		return this.caps;
	}

	/** Applies the capabilities that change how deliveries are encoded. */
	void capsChanged() {
		this.session.format(this.caps.contains("server-time") ? OutputFormat.IRC_TIMED : OutputFormat.IRC);
	}

	@Nullable String user() {
		return this.user;
	}

	String realName() {
		return this.realName;
	}

	void user(String user, String realName) {
		this.user = user;
		this.realName = realName;
	}

	boolean nickGiven() {
		return this.nickGiven;
	}

	void nickGiven(boolean given) {
		this.nickGiven = given;
	}

	boolean negotiating() {
		return this.negotiating;
	}

	void negotiating(boolean negotiating) {
		this.negotiating = negotiating;
	}

	boolean registered() {
		return this.registered;
	}

	void registered(boolean registered) {
		this.registered = registered;
	}

	@Nullable String away() {
		return this.away;
	}

	void away(@Nullable String away) {
		this.away = away;
	}

	boolean operator() {
		return this.operator;
	}

	void operator(boolean operator) {
		this.operator = operator;
	}

	/**
	 * User mode {@code +i}: WHO masks do not find it, except for those sharing a room.
	 */
	boolean invisible() {
		return this.invisible;
	}

	void invisible(boolean invisible) {
		this.invisible = invisible;
	}

	/** The user modes, as 221 shows them: {@code +}, {@code +i}, {@code +io}. */
	String userModes() {
		return "+" + (this.invisible ? "i" : "") + (this.operator ? "o" : "");
	}

	/** Any line from the client shows it is alive. */
	void heard() {
		this.lastHeard = System.nanoTime();
		this.pingSent = 0;
	}

	long lastHeard() {
		return this.lastHeard;
	}

	long pingSent() {
		return this.pingSent;
	}

	void pingSent(long nanos) {
		this.pingSent = nanos;
	}

	/**
	 * @return a registered nick asked for during CAP negotiation, kept until negotiation
	 * ends (SASL may log the client in to it meanwhile), or {@code null}
	 */
	@Nullable String pendingNick() {
		return this.pendingNick;
	}

	void pendingNick(@Nullable String nick) {
		this.pendingNick = nick;
	}

	/**
	 * @return the SASL {@code PLAIN} payload received so far while an exchange is under
	 * way, or {@code null}
	 */
	@Nullable StringBuilder sasl() {
		return this.sasl;
	}

	void sasl(@Nullable StringBuilder exchange) {
		this.sasl = exchange;
	}

}
