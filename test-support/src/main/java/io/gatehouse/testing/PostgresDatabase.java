package io.gatehouse.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A dedicated database on the machine's real PostgreSQL, created fresh for a test run.
 *
 * <p>Host, port and user come from {@code GATEHOUSE_TEST_PG_HOST} (127.0.0.1),
 * {@code GATEHOUSE_TEST_PG_PORT} (5432) and {@code GATEHOUSE_TEST_PG_USER} (postgres); the
 * machine's PostgreSQL uses trust authentication on loopback. {@code GATEHOUSE_TEST_DB_SUFFIX}
 * (default empty) is appended to every database name, so two checkouts can run their tests at the
 * same time on one PostgreSQL without dropping each other's databases.
 */
public final class PostgresDatabase {

    public static final String HOST = env("GATEHOUSE_TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = env("GATEHOUSE_TEST_PG_PORT", "5432");
    public static final String USER = env("GATEHOUSE_TEST_PG_USER", "postgres");
    public static final String SUFFIX = env("GATEHOUSE_TEST_DB_SUFFIX", "");

    private PostgresDatabase() {
    }

    /**
     * Drops (if present) and creates the named database (plus {@link #SUFFIX}), and returns its
     * JDBC URL.
     */
    public static String recreate(String baseName) {
        String name = baseName + SUFFIX;
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT
                    + " is needed for this test and could not prepare database " + name
                    + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    /** The JDBC URL of the test database named {@code baseName} (plus {@link #SUFFIX}). */
    public static String jdbcUrl(String baseName) {
        return url(baseName + SUFFIX);
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
