/**
 * Accounts: a user registers their nick with a password and logs in to it later, from any
 * server of a cluster. Registered nicks and password hashes (bcrypt, through Spring
 * Security's delegating encoder) live in a relational database reached through Spring
 * JDBC and migrated by Flyway: an H2 file by default, PostgreSQL when deployed. Routing
 * knows this package only through its {@link dev.switchboard.routing.Accounts} seam.
 * docs/SECURITY.md "Accounts".
 */
@NullMarked
package dev.switchboard.account;

import org.jspecify.annotations.NullMarked;
