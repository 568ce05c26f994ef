package dev.switchboard.account;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The account rows on PostgreSQL, as deployed: a real {@code postgres} process
 * ({@link PostgresServer}). The {@code postgres} suite: {@code ./mvnw test -Ppostgres}.
 */
@Tag("postgres")
class PostgresAccountIntegrationTests extends AccountRows {

	static PostgresServer postgres;

	static List<String> database;

	@BeforeAll
	static void startServer() {
		postgres = PostgresServer.start();
		database = postgres.settings();
		server = start(database);
	}

	@AfterAll
	static void stopPostgres() {
		postgres.close();
	}

	@Override
	List<String> database() {
		return database;
	}

}
