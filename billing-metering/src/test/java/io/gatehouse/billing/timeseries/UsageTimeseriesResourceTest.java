package io.gatehouse.billing.timeseries;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_timeseries_test"))
@TestSecurity(user = "finance", roles = "billing-viewer")
class UsageTimeseriesResourceTest {

    static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    static final UUID APP = UUID.fromString("00000000-0000-0000-0000-0000000000c2");
    static final UUID OTHER_APP = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    static final UUID API = UUID.fromString("00000000-0000-0000-0000-0000000000c3");
    static final UUID OTHER_API = UUID.fromString("00000000-0000-0000-0000-0000000000d3");
    static final UUID PLAN = UUID.fromString("00000000-0000-0000-0000-0000000000c4");
    static final String PATH = "/billing/v1/usage/timeseries";

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void ledger() throws SQLException {
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("DELETE FROM usage_rollups");
            // 10:00: 2xx and 4xx and 5xx of APP on API; 12:00: APP on OTHER_API; 11:00 empty.
            rollup(c, "hour", "2026-11-25T10:00Z", APP, API, 2, 8, 8, 400);
            rollup(c, "hour", "2026-11-25T10:00Z", APP, API, 4, 3, 0, 30);
            rollup(c, "hour", "2026-11-25T10:00Z", APP, API, 5, 1, 0, 1000);
            rollup(c, "hour", "2026-11-25T12:00Z", APP, OTHER_API, 3, 2, 2, 5);
            rollup(c, "hour", "2026-11-25T10:00Z", OTHER_APP, API, 2, 100, 100, 100);
            // Outside the range asked for below.
            rollup(c, "hour", "2026-11-25T09:00Z", APP, API, 2, 50, 50, 50);
            rollup(c, "hour", "2026-11-25T13:00Z", APP, API, 2, 60, 60, 60);
            // Minute and day rollups of the same traffic: never mixed into an hour series.
            rollup(c, "minute", "2026-11-25T10:00Z", APP, API, 2, 8, 8, 400);
            rollup(c, "day", "2026-11-25T00:00Z", APP, API, 2, 118, 118, 850);
            rollup(c, "day", "2026-11-25T00:00Z", APP, API, 4, 3, 0, 30);
            rollup(c, "day", "2026-11-23T00:00Z", APP, API, 2, 7, 7, 7);
        }
    }

    @Test
    void hourly_points_are_zero_filled_and_split_by_status_class() {
        JsonPath body = given().when()
                .get(PATH + "?applicationId=" + APP + "&granularity=hour&from=2026-11-25T10:00:00Z&to=2026-11-25T13:00:00Z")
                .then().statusCode(200).contentType("application/json")
                .body("granularity", equalTo("hour"))
                .body("from", equalTo("2026-11-25T10:00:00Z"))
                .body("to", equalTo("2026-11-25T13:00:00Z"))
                .body("points", hasSize(3))
                .extract().jsonPath();

        assertEquals(List.of("2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"),
                body.getList("points.bucketStart"));
        assertEquals(List.of(12, 0, 2), body.getList("points.requests"));
        assertEquals(List.of(8, 0, 2), body.getList("points.billableRequests"));
        assertEquals(List.of(3, 0, 0), body.getList("points.errors4xx"));
        assertEquals(List.of(1, 0, 0), body.getList("points.errors5xx"));
        // (400 + 30 + 1000) ms over 12 requests; an empty bucket has no average.
        assertEquals(119.2f, body.getFloat("points[0].avgLatencyMs"));
        assertNull(body.get("points[1].avgLatencyMs"));
        assertEquals(2.5f, body.getFloat("points[2].avgLatencyMs"));
    }

    @Test
    void filters_combine_and_no_filter_means_every_application() {
        String range = "&from=2026-11-25T10:00:00Z&to=2026-11-25T11:00:00Z";
        given().get(PATH + "?organizationId=" + ORG + range).then().statusCode(200).body("points[0].requests", equalTo(112));
        given().get(PATH + "?apiId=" + API + range).then().statusCode(200).body("points[0].requests", equalTo(112));
        given().get(PATH + "?apiId=" + OTHER_API + "&applicationId=" + APP + range)
                .then().statusCode(200).body("points[0].requests", equalTo(0));
        given().get(PATH + "?from=2026-11-25T10:00:00Z&to=2026-11-25T11:00:00Z").then().statusCode(200)
                .body("points[0].requests", equalTo(112)).body("points[0].errors4xx", equalTo(3));
    }

    @Test
    void daily_points_come_from_the_day_rollups() {
        given().get(PATH + "?applicationId=" + APP + "&granularity=day&from=2026-11-23T00:00:00Z&to=2026-11-26T00:00:00Z")
                .then().statusCode(200)
                .body("points.bucketStart", equalTo(List.of("2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")))
                .body("points.requests", equalTo(List.of(7, 0, 121)))
                .body("points.billableRequests", equalTo(List.of(7, 0, 118)));
    }

    @Test
    void from_and_to_are_widened_to_whole_buckets() {
        given().get(PATH + "?applicationId=" + APP + "&from=2026-11-25T10:30:00Z&to=2026-11-25T11:00:00.001Z")
                .then().statusCode(200)
                .body("from", equalTo("2026-11-25T10:00:00Z"))
                .body("to", equalTo("2026-11-25T12:00:00Z"))
                .body("points.requests", equalTo(List.of(12, 0)));
    }

    @Test
    void without_a_range_it_is_the_last_24_hours_up_to_the_current_one() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        given().get(PATH + "?applicationId=" + APP).then().statusCode(200)
                .body("granularity", equalTo("hour"))
                .body("points", hasSize(24))
                .body("to", equalTo(end.toString()))
                .body("from", equalTo(end.minus(24, ChronoUnit.HOURS).toString()));
    }

    @Test
    void a_range_longer_than_allowed_is_a_problem_naming_from_and_to() {
        given().get(PATH + "?from=2026-10-01T00:00:00Z&to=2026-11-01T01:00:00Z")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("from", "to")))
                .body("detail", containsString("granularity=day"));
        // Exactly 31 days of hours is fine, and 400 days of days.
        given().get(PATH + "?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z").then().statusCode(200).body("points", hasSize(744));
        given().get(PATH + "?granularity=day&from=2025-10-22T00:00:00Z&to=2026-11-26T00:00:00Z").then().statusCode(200)
                .body("points", hasSize(400));
        given().get(PATH + "?granularity=day&from=2025-10-21T00:00:00Z&to=2026-11-26T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }

    @Test
    void malformed_parameters_are_problems_naming_them() {
        given().get(PATH + "?granularity=minute").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("granularity"));
        given().get(PATH + "?from=yesterday").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().get(PATH + "?to=2026-13-01T00:00:00Z").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().get(PATH + "?from=2026-11-25T12:00:00Z&to=2026-11-25T10:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        given().get(PATH + "?applicationId=acme").then().statusCode(400).body("errors[0].field", equalTo("applicationId"));
        given().get(PATH + "?apiId=1").then().statusCode(400).body("errors[0].field", equalTo("apiId"));
        given().get(PATH + "?organizationId=x").then().statusCode(400).body("errors[0].field", equalTo("organizationId"));
    }

    private static void rollup(Connection c, String granularity, String bucket, UUID app, UUID api, int statusClass,
                               long requests, long billable, long latencySum) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_rollups (granularity, bucket_start, organization_id, application_id, api_id, plan_id,
                                           status_class, requests, billable_requests, request_bytes, response_bytes, latency_ms_sum)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)""")) {
            s.setString(1, granularity);
            s.setObject(2, OffsetDateTime.parse(bucket));
            s.setObject(3, ORG);
            s.setObject(4, app);
            s.setObject(5, api);
            s.setObject(6, PLAN);
            s.setShort(7, (short) statusClass);
            s.setLong(8, requests);
            s.setLong(9, billable);
            s.setLong(10, latencySum);
            s.executeUpdate();
        }
    }
}
