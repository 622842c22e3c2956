package io.gatehouse.migrations;

import io.gatehouse.testing.PostgresDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V47 on a database at V46 that holds plans and subscriptions: every plan lands in a one-API product of its API,
 * granting the whole API, and no plan or subscription is lost or changed.
 */
class ApiProductsBackfillTest {

    private static final UUID ORG = UUID.randomUUID();
    private static final UUID APP = UUID.randomUUID();
    private static final UUID WEATHER_V1 = UUID.randomUUID();
    private static final UUID WEATHER_V2 = UUID.randomUUID();
    private static final UUID MAPS = UUID.randomUUID();
    private static final UUID UNPLANNED = UUID.randomUUID();
    private static final UUID BASIC = UUID.randomUUID();
    private static final UUID PRO = UUID.randomUUID();
    private static final UUID V2_BASIC = UUID.randomUUID();
    private static final UUID MAPS_FREE = UUID.randomUUID();

    private static String url;
    private static List<String> plansBefore;
    private static List<String> subscriptionsBefore;

    @BeforeAll
    static void migrateToV46FillThenMigrateToV47() throws SQLException {
        url = PostgresDatabase.recreate("gatehouse_migration_products");
        flyway("46").migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + ORG + "', 'Acme', 'acme')");
            s.execute("INSERT INTO applications (id, organization_id, name) VALUES ('" + APP + "', '" + ORG + "', 'shop')");
            api(s, WEATHER_V1, "Weather", "weather", "v1");
            api(s, WEATHER_V2, "Weather", "weather", "v2.0");
            api(s, MAPS, "Maps", "maps", "v1");
            api(s, UNPLANNED, "Unplanned", "unplanned", "v1");
            plan(s, BASIC, WEATHER_V1, "Basic");
            plan(s, PRO, WEATHER_V1, "Pro");
            plan(s, V2_BASIC, WEATHER_V2, "Basic");
            plan(s, MAPS_FREE, MAPS, "Free");
            subscription(s, WEATHER_V1, BASIC, "active");
            subscription(s, WEATHER_V1, PRO, "cancelled");
            subscription(s, WEATHER_V2, V2_BASIC, "pending");
            subscription(s, MAPS, MAPS_FREE, "suspended");
            plansBefore = rows(s, "SELECT id, api_id, name, flat_fee FROM plans ORDER BY id");
            subscriptionsBefore = rows(s, "SELECT id, application_id, plan_id, api_id, status FROM subscriptions ORDER BY id");
        }
        flyway("47").migrate();
    }

    @Test
    void keeps_every_plan_and_subscription_as_it_was() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(plansBefore, rows(s, "SELECT id, api_id, name, flat_fee FROM plans ORDER BY id"));
            assertEquals(subscriptionsBefore,
                    rows(s, "SELECT id, application_id, plan_id, api_id, status FROM subscriptions ORDER BY id"));
        }
    }

    @Test
    void gives_each_api_with_plans_one_product_that_grants_the_whole_api() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(List.of(
                            "maps-v1|Maps v1|" + MAPS + "|" + MAPS + "|{}|{}",
                            "weather-v1|Weather v1|" + WEATHER_V1 + "|" + WEATHER_V1 + "|{}|{}",
                            "weather-v2-0|Weather v2.0|" + WEATHER_V2 + "|" + WEATHER_V2 + "|{}|{}"),
                    rows(s, "SELECT p.slug, p.name, p.home_api_id, pa.api_id, pa.route_ids, pa.methods"
                            + " FROM products p JOIN product_apis pa ON pa.product_id = p.id ORDER BY p.slug"));
        }
    }

    @Test
    void points_every_plan_to_the_product_of_its_api() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(List.of(), rows(s, "SELECT p.id FROM plans p JOIN product_apis pa ON pa.product_id = p.product_id"
                    + " WHERE pa.api_id <> p.api_id"));
            assertEquals(List.of("4"), rows(s, "SELECT count(*) FROM plans p JOIN products pr ON pr.id = p.product_id"
                    + " AND pr.home_api_id = p.api_id"));
            List<String> products = rows(s, "SELECT product_id FROM plans WHERE id IN ('" + BASIC + "', '" + PRO + "')");
            assertEquals(products.get(0), products.get(1), "both plans of Weather v1 share its product");
            assertNotEquals(products.get(0), rows(s, "SELECT product_id FROM plans WHERE id = '" + V2_BASIC + "'").get(0));
        }
    }

    @Test
    void leaves_apis_without_plans_without_a_product_and_requires_a_product_from_now_on() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(List.of("0"), rows(s, "SELECT count(*) FROM products WHERE home_api_id = '" + UNPLANNED + "'"));
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO plans (id, api_id, name) VALUES ('" + UUID.randomUUID() + "', '" + UNPLANNED + "', 'x')"));
            assertTrue(refused.getMessage().contains("product_id"), refused.getMessage());
        }
    }

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, PostgresDatabase.USER, "").locations("classpath:db/migration")
                .target(target).load();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, PostgresDatabase.USER, "");
    }

    private static void api(Statement s, UUID id, String name, String slug, String version) throws SQLException {
        s.execute("INSERT INTO apis (id, name, slug, version) VALUES ('" + id + "', '" + name + "', '" + slug + "', '"
                + version + "')");
    }

    private static void plan(Statement s, UUID id, UUID api, String name) throws SQLException {
        s.execute("INSERT INTO plans (id, api_id, name, flat_fee) VALUES ('" + id + "', '" + api + "', '" + name
                + "', 9.90)");
    }

    private static void subscription(Statement s, UUID api, UUID plan, String status) throws SQLException {
        s.execute("INSERT INTO subscriptions (id, application_id, plan_id, api_id, status) VALUES ('" + UUID.randomUUID()
                + "', '" + APP + "', '" + plan + "', '" + api + "', '" + status + "')");
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
