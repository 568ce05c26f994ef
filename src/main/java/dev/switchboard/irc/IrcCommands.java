package dev.switchboard.irc;

/**
 * The command table in action: checks registration and parameter counts, then calls the
 * handler for the verb. Unknown verbs get 421; before registration, 451.
 */
final class IrcCommands {

	private final Registration registration;

	private final Channels channels;

	private final Talk talk;

	private final Users users;

	private final Sasl sasl;

	private final ChannelOperators operators;

	IrcCommands(Registration registration, Channels channels, Talk talk, Users users, Sasl sasl) {
		this.sasl = sasl;
		this.operators = channels.operators();
		this.registration = registration;
		this.channels = channels;
		this.talk = talk;
		this.users = users;
	}

	void run(IrcClient client, IrcMessage message) {
		Verb verb = Verb.of(message.verb());
		if (verb == null) {
			if (client.registered()) {
				client.numeric(Numeric.ERR_UNKNOWNCOMMAND, message.verb(), "Unknown command");
			}
			else {
				client.numeric(Numeric.ERR_NOTREGISTERED, "You have not registered");
			}
			return;
		}
		if (verb.needsRegistration() && !client.registered()) {
			client.numeric(Numeric.ERR_NOTREGISTERED, "You have not registered");
			return;
		}
		if (message.params().size() < verb.minParams()) {
			client.numeric(Numeric.ERR_NEEDMOREPARAMS, verb.name(), "Not enough parameters");
			return;
		}
		dispatch(client, verb, message);
	}

	private void dispatch(IrcClient client, Verb verb, IrcMessage message) {
		switch (verb) {
			case CAP -> this.registration.cap(client, message);
			case PASS -> this.registration.pass(client);
			case NICK -> this.registration.nick(client, message);
			case USER -> this.registration.user(client, message);
			case PING -> this.users.ping(client, message);
			case PONG -> {
			}
			case QUIT -> this.users.quit(client, message);
			case JOIN -> this.channels.join(client, message);
			case PART -> this.channels.part(client, message);
			case PRIVMSG -> this.talk.say(client, message, false);
			case NOTICE -> this.talk.say(client, message, true);
			case NAMES -> this.channels.names(client, message);
			case TOPIC -> this.channels.topic(client, message);
			case LIST -> this.channels.list(client, message);
			case WHO -> this.users.who(client, message);
			case WHOIS -> this.users.whois(client, message);
			case MODE -> mode(client, message);
			case AWAY -> this.users.away(client, message);
			case OPER -> this.users.oper(client, message);
			case MOTD -> this.registration.motd(client);
			case LUSERS -> this.registration.lusers(client);
			case ISON -> this.users.ison(client, message);
			case USERHOST -> this.users.userhost(client, message);
			case AUTHENTICATE -> this.sasl.authenticate(client, message);
			case KICK -> this.operators.kick(client, message);
			case INVITE -> this.operators.invite(client, message);
		}
	}

	private void mode(IrcClient client, IrcMessage message) {
		if (message.param(0).startsWith("#")) {
			this.operators.mode(client, message);
		}
		else {
			this.users.mode(client, message);
		}
	}

}
