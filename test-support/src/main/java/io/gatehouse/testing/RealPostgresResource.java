package io.gatehouse.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} its own fresh database on the real PostgreSQL. The database name
 * comes from the init arg {@code database} (default {@code gatehouse_test}).
 */
public class RealPostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = "gatehouse_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String url = PostgresDatabase.recreate(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", PostgresDatabase.USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // The database is left for inspection; the next run recreates it.
    }
}
