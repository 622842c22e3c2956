package io.gatehouse.billing.analytics;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.billing.ledger.LedgerWriter;
import io.gatehouse.billing.ledger.UsageEvent;
import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Quota window totals, the busiest applications and latency percentiles, from events recorded
 * through the real ledger writer into the real database.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_analytics_test"))
@TestSecurity(user = "finance", roles = "billing-viewer")
class UsageAnalyticsTest {

    static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID APP = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    static final UUID BUSY_APP = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    static final UUID API = UUID.fromString("00000000-0000-0000-0000-0000000000a3");
    static final UUID OTHER_API = UUID.fromString("00000000-0000-0000-0000-0000000000b3");
    static final UUID PLAN = UUID.fromString("00000000-0000-0000-0000-0000000000a4");
    static final UUID OTHER_PLAN = UUID.fromString("00000000-0000-0000-0000-0000000000b4");

    @Inject
    AgroalDataSource db;

    @Inject
    LedgerWriter ledger;

    @BeforeEach
    void emptyLedger() throws SQLException {
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("DELETE FROM usage_rollups");
            c.createStatement().execute("DELETE FROM usage_events");
        }
    }

    @Test
    void totals_count_what_the_limiter_admitted_in_the_window_of_one_application_and_plan() {
        List<UsageEvent> events = new ArrayList<>();
        events.add(event(APP, API, PLAN, "2026-11-25T09:59:59.999Z", 200, "forwarded", 5));   // before the window
        events.add(event(APP, API, PLAN, "2026-11-25T10:00:00Z", 200, "forwarded", 5));
        events.add(event(APP, API, PLAN, "2026-11-25T10:30:00Z", 304, "cache-hit", 1));
        events.add(event(APP, API, PLAN, "2026-11-25T10:31:00Z", 502, "upstream-error", 30));
        events.add(event(APP, API, PLAN, "2026-11-25T10:32:00Z", 429, "denied", 1));           // the quota said no
        events.add(event(APP, API, OTHER_PLAN, "2026-11-25T10:33:00Z", 200, "forwarded", 5));  // another plan
        events.add(event(BUSY_APP, API, PLAN, "2026-11-25T10:34:00Z", 200, "forwarded", 5));   // another app
        events.add(event(APP, API, PLAN, "2026-11-25T11:00:00Z", 200, "forwarded", 5));        // at the window's end
        ledger.record(events);

        given().queryParam("applicationId", APP).queryParam("planId", PLAN)
                .queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T11:00:00Z")
                .when().get("/billing/v1/usage/totals")
                .then().statusCode(200)
                .body("requests", equalTo(4))
                .body("admitted", equalTo(3))
                .body("billableRequests", equalTo(2))
                .body("from", equalTo("2026-11-25T10:00:00Z"));

        given().queryParam("applicationId", APP)
                .queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T11:00:00Z")
                .when().get("/billing/v1/usage/totals")
                .then().statusCode(200).body("requests", equalTo(5)).body("admitted", equalTo(4));
    }

    @Test
    void totals_name_the_parameter_that_is_missing_or_wrong() {
        given().queryParam("from", "2026-11-25T10:00:00Z").when().get("/billing/v1/usage/totals")
                .then().statusCode(400).body("errors.field", hasItem("applicationId"));
        given().queryParam("applicationId", APP).queryParam("from", "yesterday").when().get("/billing/v1/usage/totals")
                .then().statusCode(400).body("errors.field", hasItem("from"));
        given().queryParam("applicationId", APP).queryParam("from", "2026-11-25T10:00:00Z")
                .queryParam("to", "2026-11-25T09:00:00Z").when().get("/billing/v1/usage/totals")
                .then().statusCode(400).body("errors.field", hasItem("to"));
    }

    @Test
    void top_applications_are_ordered_by_requests_and_filtered_by_api() {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(BUSY_APP, API, PLAN, "2026-11-25T10:0" + i + ":00Z", i == 0 ? 500 : 200, "forwarded", 10));
        }
        events.add(event(APP, API, PLAN, "2026-11-25T10:10:00Z", 404, "forwarded", 2));
        events.add(event(APP, API, PLAN, "2026-11-25T10:11:00Z", 200, "forwarded", 4));
        for (int i = 0; i < 9; i++) {
            events.add(event(APP, OTHER_API, PLAN, "2026-11-25T10:2" + i + ":00Z", 200, "forwarded", 1));
        }
        events.add(event(null, API, null, "2026-11-25T10:40:00Z", 401, "denied", 1)); // no key: not an application
        ledger.record(events);

        JsonPath onApi = given().queryParam("apiId", API)
                .queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T11:00:00Z")
                .when().get("/billing/v1/usage/top-applications")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(BUSY_APP.toString(), APP.toString()), onApi.getList("items.applicationId"));
        assertEquals(5, onApi.getInt("items[0].requests"));
        assertEquals(1, onApi.getInt("items[0].errors5xx"));
        assertEquals(1, onApi.getInt("items[1].errors4xx"));
        assertEquals(3.0f, onApi.getFloat("items[1].avgLatencyMs"));

        JsonPath all = given().queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T11:00:00Z")
                .queryParam("limit", 1)
                .when().get("/billing/v1/usage/top-applications")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(APP.toString()), all.getList("items.applicationId"));
        assertEquals(11, all.getInt("items[0].requests"));

        given().queryParam("limit", 0).when().get("/billing/v1/usage/top-applications")
                .then().statusCode(400).body("errors.field", hasItem("limit"));
    }

    @Test
    void the_time_series_carries_latency_percentiles_from_the_raw_events_when_asked() {
        List<UsageEvent> events = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            events.add(event(APP, API, PLAN, "2026-11-25T10:%02d:%02dZ".formatted(ms / 60, ms % 60), 200, "forwarded", ms));
        }
        ledger.record(events);

        JsonPath series = given().queryParam("applicationId", APP).queryParam("granularity", "hour")
                .queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T12:00:00Z")
                .queryParam("percentiles", "true")
                .when().get("/billing/v1/usage/timeseries")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(100, series.getInt("points[0].requests"));
        assertEquals(50, series.getInt("points[0].p50LatencyMs"));
        assertEquals(95, series.getInt("points[0].p95LatencyMs"));
        assertEquals(99, series.getInt("points[0].p99LatencyMs"));
        assertEquals(50.5f, series.getFloat("points[0].avgLatencyMs"));
        assertNull(series.get("points[1].p50LatencyMs"));

        JsonPath plain = given().queryParam("applicationId", APP).queryParam("granularity", "hour")
                .queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T11:00:00Z")
                .when().get("/billing/v1/usage/timeseries")
                .then().statusCode(200).extract().jsonPath();
        assertNull(plain.get("points[0].p95LatencyMs"));

        given().queryParam("percentiles", "maybe").when().get("/billing/v1/usage/timeseries")
                .then().statusCode(400).body("errors.field", hasItem("percentiles"));
    }

    private static UsageEvent event(UUID app, UUID api, UUID plan, String at, int status, String outcome, int latencyMs) {
        UUID nilOr = UsageEvent.NIL;
        return new UsageEvent(UUID.randomUUID(), Instant.parse(at), "gw-1",
                app == null ? nilOr : ORG, app == null ? nilOr : app, app == null ? nilOr : UUID.nameUUIDFromBytes(("s" + app + plan).getBytes()),
                plan == null ? nilOr : plan, api, nilOr, nilOr, "", "GET", status, outcome, latencyMs, null, 10, 100);
    }
}
