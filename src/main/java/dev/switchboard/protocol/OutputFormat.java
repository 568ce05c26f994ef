package dev.switchboard.protocol;

/**
 * How the server writes lines to one session: for people, or one JSON object per line.
 */
public enum OutputFormat {

	TEXT, JSON

}
