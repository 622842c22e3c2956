package io.gatehouse.billing.report;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_test"))
@TestSecurity(user = "finance", roles = "billing-viewer")
class UsageReportResourceTest {

    static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID OTHER_ORG = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    static final UUID APP = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    static final UUID OTHER_APP = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    static final UUID API = UUID.fromString("00000000-0000-0000-0000-0000000000a3");
    static final UUID PLAN = UUID.fromString("00000000-0000-0000-0000-0000000000a4");

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void ledger() throws SQLException {
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("DELETE FROM usage_rollups");
            // November 2026 in UTC: two hours of 2xx, one of 4xx and 5xx.
            rollup(c, "hour", "2026-11-01T00:00Z", ORG, APP, 2, 100, 100);
            rollup(c, "hour", "2026-11-30T23:00Z", ORG, APP, 2, 50, 50);
            rollup(c, "hour", "2026-11-15T12:00Z", ORG, APP, 4, 7, 0);
            rollup(c, "hour", "2026-11-15T12:00Z", ORG, APP, 5, 3, 0);
            rollup(c, "hour", "2026-11-10T08:00Z", OTHER_ORG, OTHER_APP, 3, 9, 9);
            // Just outside November in UTC, and the day rollup of the same traffic (never double counted).
            rollup(c, "hour", "2026-10-31T23:00Z", ORG, APP, 2, 1000, 1000);
            rollup(c, "hour", "2026-12-01T00:00Z", ORG, APP, 2, 2000, 2000);
            rollup(c, "day", "2026-11-01T00:00Z", ORG, APP, 2, 100, 100);
        }
    }

    @Test
    void the_csv_report_sums_the_period_per_application_api_and_plan() {
        String csv = given().when().get("/billing/v1/reports/usage?period=2026-11&format=csv")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"usage-2026-11.csv\"")
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("organization_id,application_id,api_id,plan_id,requests,billable_requests,"
                + "requests_2xx,requests_3xx,requests_4xx,requests_5xx,request_bytes,response_bytes", lines[0]);
        assertEquals(5, lines.length, csv);
        assertEquals(ORG + "," + APP + "," + API + "," + PLAN + ",160,150,150,0,7,3,1600,3200", lines[1]);
        assertEquals(OTHER_ORG + "," + OTHER_APP + "," + API + "," + PLAN + ",9,9,0,9,0,0,90,180", lines[2]);
    }

    @Test
    void the_csv_report_ends_with_its_totals_and_a_checksum_of_everything_before_it() throws Exception {
        String csv = given().when().get("/billing/v1/reports/usage?period=2026-11&format=csv")
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("#totals,,,,169,159,150,9,7,3,1690,3380", lines[3]);
        String before = csv.substring(0, csv.indexOf("#sha256,"));
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(before.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("#sha256," + expected, lines[4]);
        given().when().get("/billing/v1/reports/usage?period=2026-11")
                .then().statusCode(200).body("checksum", equalTo("sha256:" + expected));
    }

    @Test
    void the_month_follows_the_time_zone_asked_for() {
        // In Berlin (UTC+1 in winter) November starts at 2026-10-31T23:00Z and ends at 2026-11-30T23:00Z.
        given().when().get("/billing/v1/reports/usage?period=2026-11&timeZone=Europe/Berlin")
                .then().statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("from", equalTo("2026-10-31T23:00:00Z"))
                .body("totals.requests", equalTo(1000 + 100 + 7 + 3 + 9));
    }

    @Test
    void json_is_the_default_and_carries_the_totals() {
        given().when().get("/billing/v1/reports/usage?period=2026-11")
                .then().statusCode(200)
                .contentType("application/json")
                .body("period", equalTo("2026-11"))
                .body("rows", hasSize(2))
                .body("totals.requests", equalTo(169))
                .body("totals.billableRequests", equalTo(159));
    }

    @Test
    void accept_text_csv_answers_csv() {
        given().accept("text/csv").when().get("/billing/v1/reports/usage?period=2026-11")
                .then().statusCode(200).contentType(startsWith("text/csv"));
    }

    @Test
    void the_report_can_be_narrowed_to_one_organization() {
        given().when().get("/billing/v1/reports/usage?period=2026-11&organization=" + OTHER_ORG)
                .then().statusCode(200)
                .body("rows", hasSize(1))
                .body("rows[0].applicationId", equalTo(OTHER_APP.toString()));
        given().when().get("/billing/v1/reports/usage?period=2026-11&organizationId=" + ORG)
                .then().statusCode(200)
                .body("rows", hasSize(1))
                .body("rows[0].applicationId", equalTo(APP.toString()));
    }

    @Test
    void a_period_without_usage_is_an_empty_report_not_an_error() {
        String csv = given().when().get("/billing/v1/reports/usage?period=2020-01&format=csv")
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(3, lines.length, csv);
        assertEquals("#totals,,,,0,0,0,0,0,0,0,0", lines[1]);
    }

    @Test
    void a_malformed_period_is_a_problem_naming_the_parameter() {
        given().when().get("/billing/v1/reports/usage?period=November")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("period"));
        given().when().get("/billing/v1/reports/usage")
                .then().statusCode(400).body("errors[0].field", equalTo("period"));
    }

    @Test
    void unknown_time_zones_formats_and_ids_are_problems() {
        given().when().get("/billing/v1/reports/usage?period=2026-11&timeZone=Mars/Olympus")
                .then().statusCode(400).body("errors[0].field", equalTo("timeZone"));
        given().when().get("/billing/v1/reports/usage?period=2026-11&format=xlsx")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
        given().when().get("/billing/v1/reports/usage?period=2026-11&organization=acme")
                .then().statusCode(400).body("errors[0].field", equalTo("organization"));
    }

    @Test
    void an_unknown_path_is_a_problem_too() {
        given().when().get("/billing/v1/nothing")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
    }

    private static void rollup(Connection c, String granularity, String bucket, UUID org, UUID app,
                               int statusClass, long requests, long billable) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_rollups (granularity, bucket_start, organization_id, application_id, api_id, plan_id,
                                           status_class, requests, billable_requests, request_bytes, response_bytes, latency_ms_sum)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, granularity);
            s.setObject(2, OffsetDateTime.parse(bucket));
            s.setObject(3, org);
            s.setObject(4, app);
            s.setObject(5, API);
            s.setObject(6, PLAN);
            s.setShort(7, (short) statusClass);
            s.setLong(8, requests);
            s.setLong(9, billable);
            s.setLong(10, requests * 10);
            s.setLong(11, requests * 20);
            s.setLong(12, requests * 5);
            s.executeUpdate();
        }
    }
}
