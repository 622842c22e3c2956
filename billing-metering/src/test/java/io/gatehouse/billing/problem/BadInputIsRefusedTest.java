package io.gatehouse.billing.problem;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever a client puts in a billing request, the answer is a 4xx problem with a stable type, never a 5xx: each row
 * is a request (method, path with its query as sent on the wire) and the status and problem type it must get.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_bad_input_test"))
class BadInputIsRefusedTest {

    private static final String ADMIN = "Bearer test-admin-token";
    private static final String ORG = "00000000-0000-0000-0000-000000000001";

    @Inject
    AgroalDataSource db;

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /billing/v1/reports/usage?period=-2026-11                                         | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=%2B12026-11                                      | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=2026-13                                          | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=0000-01                                          | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=2026-11%00                                       | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=2026-11&timeZone=Europe/Berlin%00                | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=2026-11&organization=gh_%00                      | 400 | validation-failed
            GET  | /billing/v1/reports/usage?period=2026-11&format=%00                               | 400 | validation-failed
            GET  | /billing/v1/reports/invoices?period=-2026-11                                      | 400 | validation-failed
            GET  | /billing/v1/invoices?period=-2026-11                                              | 400 | validation-failed
            GET  | /billing/v1/invoices/%00                                                          | 400 | validation-failed
            GET  | /billing/v1/invoices/not-a-uuid                                                   | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?from=%2B1000000-01-01T00:00:00Z                      | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?to=%2B1000000-01-01T00:00:00Z                        | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?from=-1000000-01-01T00:00:00Z&to=2026-11-01T00:00:00Z | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?granularity=day&from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?granularity=week                                     | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?percentiles=maybe                                    | 400 | validation-failed
            GET  | /billing/v1/usage/timeseries?applicationId=%00                                    | 400 | validation-failed
            GET  | /billing/v1/usage/totals?applicationId=00000000-0000-0000-0000-000000000001&from=%2B1000000-01-01T00:00:00Z | 400 | validation-failed
            GET  | /billing/v1/usage/totals?applicationId=00000000-0000-0000-0000-000000000001&to=-1000000-01-01T00:00:00Z | 400 | validation-failed
            GET  | /billing/v1/usage/top-applications?limit=abc                                      | 400 | validation-failed
            GET  | /billing/v1/usage/top-applications?limit=99999999999999999999                     | 400 | validation-failed
            GET  | /billing/v1/usage/top-applications?from=%2B1000000-01-01T00:00:00Z                | 400 | validation-failed
            GET  | /billing/v1/metering-gaps?state=%00                                               | 400 | validation-failed
            PUT  | /billing/v1/invoices                                                              | 405 | method-not-allowed
            DELETE | /billing/v1/reports/usage?period=2026-11                                        | 405 | method-not-allowed
            """)
    void bad_input_is_a_4xx_problem_never_a_5xx(String method, String path, int status, String type) {
        Response answer = given().urlEncodingEnabled(false).header("Authorization", ADMIN)
                .when().request(method, path);
        answer.then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:" + type))
                .body("status", equalTo(status))
                .body("detail", not(containsString("Exception")));
    }

    @ParameterizedTest(name = "close {0}")
    @CsvSource({"-2026-11", "%2B1000000-01", "0000-12", "2026-11%00"})
    void a_period_close_with_a_bad_period_is_refused_and_stores_nothing(String period) throws SQLException {
        long before = rows("billing_periods") + rows("invoices");
        given().urlEncodingEnabled(false).header("Authorization", ADMIN).contentType("application/json")
                .when().post("/billing/v1/periods/" + period + "/close?organization=" + ORG)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("period"));
        assertEquals(before, rows("billing_periods") + rows("invoices"));
    }

    @Test
    void a_far_future_instant_is_named_in_the_problem() {
        given().urlEncodingEnabled(false).header("Authorization", ADMIN)
                .when().get("/billing/v1/usage/timeseries?to=%2B1000000-01-01T00:00:00Z")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("to"))
                .body("errors[0].message", equalTo("must lie in the years 0001 to 9999"));
    }

    private long rows(String table) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
