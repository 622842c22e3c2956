package io.gatehouse.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Applies the Gatehouse schema to a PostgreSQL database, on its own, before any service starts.
 *
 * <p>Reads {@code GATEHOUSE_DB_URL} (a JDBC URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/gatehouse}), {@code GATEHOUSE_DB_USER} (default
 * {@code postgres}) and {@code GATEHOUSE_DB_PASSWORD} (default empty). With
 * {@code --create-database} it first creates the database if it does not exist. Exits non-zero,
 * with the reason on standard error, when the database cannot be reached or a migration fails.
 */
public final class Migrate {

    private Migrate() {
    }

    public static void main(String[] args) {
        String url = env("GATEHOUSE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/gatehouse");
        String user = env("GATEHOUSE_DB_USER", "postgres");
        String password = env("GATEHOUSE_DB_PASSWORD", "");
        try {
            if (Arrays.asList(args).contains("--create-database")) {
                createDatabaseIfMissing(url, user, password);
            }
            MigrateResult result = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            System.out.printf("Schema of %s is at version %s (%d migration(s) applied now).%n",
                    url, result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (RuntimeException | SQLException e) {
            System.err.println("Migration of " + url + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Creates the database named in {@code url} through the server's {@code postgres} database. */
    static void createDatabaseIfMissing(String url, String user, String password) throws SQLException {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String name = url.substring(slash + 1, query < 0 ? url.length() : query);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("unexpected database name in " + url);
        }
        String maintenance = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection c = DriverManager.getConnection(maintenance, user, password);
             Statement s = c.createStatement()) {
            var rows = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rows.next()) {
                s.execute("CREATE DATABASE " + name);
                System.out.println("Created database " + name + ".");
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
