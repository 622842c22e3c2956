package io.gatehouse.management.problem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever a client puts in an admin or developer API request, the answer is a 4xx problem with a stable type, never
 * a 5xx. Each row is a request (who, method, path as sent on the wire, content type, body; {@code {org}} and
 * {@code {app}} name an existing organization and application) and the status and problem type it must get.
 */
@QuarkusTest
class BadInputIsRefusedTest {

    private static final String ADMIN = "Bearer test-admin-token";
    private static final String DEEP = "[".repeat(5000) + "]".repeat(5000);

    @Inject
    AgroalDataSource db;

    private String org;
    private String app;
    private String api;

    @BeforeEach
    void anOrganizationWithAnApplication() {
        org = given().contentType("application/json").header("Authorization", ADMIN)
                .body(Map.of("name", "Bad input " + System.nanoTime())).post("/admin/v1/organizations")
                .then().statusCode(201).extract().path("id");
        app = given().contentType("application/json").header("Authorization", ADMIN)
                .body(Map.of("organizationId", org, "name", "Checkout")).post("/admin/v1/applications")
                .then().statusCode(201).extract().path("id");
        api = given().contentType("application/json").header("Authorization", ADMIN)
                .body(Map.of("name", "Bad input " + System.nanoTime(), "routePath", "/bad-input-" + System.nanoTime(), "upstreamUrl", "http://127.0.0.1:9/"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    @ParameterizedTest(name = "{1} {2} {4} -> {5} {6}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay\\u0000","routePath":"/nul-api","upstreamUrl":"http://127.0.0.1:9/"}                | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay\\u0007ments","routePath":"/bel-api","upstreamUrl":"http://127.0.0.1:9/"}           | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","description":"a\\u0000b","routePath":"/nul-desc","upstreamUrl":"http://127.0.0.1:9/"} | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","routePath":"/null-method","upstreamUrl":"http://127.0.0.1:9/","methods":[null]}   | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","name":"Twice","routePath":"/dup","upstreamUrl":"http://127.0.0.1:9/"}            | 400 | malformed-request
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","routePath":"/enum","upstreamUrl":"http://127.0.0.1:9/","lifecycle":"bogus"}      | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","routePath":"/huge","upstreamUrl":"http://127.0.0.1:9/","connectTimeoutMs":99999999999999999999} | 400 | malformed-request
            admin | POST | /admin/v1/apis                       | application/json | {"name":["Pay"],"routePath":"/type","upstreamUrl":"http://127.0.0.1:9/"}                         | 400 | malformed-request
            admin | POST | /admin/v1/organizations              | application/json | {"name":645}                                                                                     | 400 | malformed-request
            admin | POST | /admin/v1/organizations              | application/json | {"name":"Org","slug":true}                                                                       | 400 | malformed-request
            admin | POST | /admin/v1/plans                      | application/json | {"apiId":"{api}","name":"Gold","approvalRequired":"true"}                                        | 400 | malformed-request
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","routePath":"/enum-number","upstreamUrl":"http://127.0.0.1:9/","lifecycle":1}     | 400 | validation-failed
            admin | PATCH | /admin/v1/organizations/{org}       | application/json | {"status":"suspended\\u0000"}                                                                   | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | {"name":"Pay","routePath":"/enum-space","upstreamUrl":"http://127.0.0.1:9/","lifecycle":" published"} | 400 | validation-failed
            admin | POST | /admin/v1/applications/{app}/keys    | application/json | null                                                                                             | 400 | validation-failed
            admin | GET  | /admin/v1/analytics/timeseries?from=%2B1000000-01-01T00:00:00Z |  |                                                                                        | 400 | validation-failed
            admin | GET  | /admin/v1/analytics/top-applications?to=yesterday |     |                                                                                                  | 400 | validation-failed
            admin | POST | /admin/v1/apis                       | application/json | DEEP                                                                                             | 400 | malformed-request
            admin | POST | /admin/v1/apis                       | text/plain       | name=Pay                                                                                         | 415 | unsupported-media-type
            admin | PUT  | /admin/v1/apis                       | application/json | {}                                                                                               | 405 | method-not-allowed
            admin | POST | /admin/v1/apis/import?upstreamUrl=http://127.0.0.1:9/&routePath=/nul-import | application/json | {"openapi":"3.0.3","info":{"title":"Imp\\u0000orted","version":"1"},"paths":{}} | 400 | validation-failed
            admin | POST | /admin/v1/applications               | application/json | {"organizationId":"{org}","name":"App\\u0000"}                                                  | 400 | validation-failed
            admin | POST | /admin/v1/applications               | application/json | {"organizationId":"{org}","name":"App","description":"\\u0000"}                                 | 400 | validation-failed
            admin | POST | /admin/v1/applications/{app}/keys    | application/json | {"name":"key\\u0000"}                                                                            | 400 | validation-failed
            admin | POST | /admin/v1/applications/{app}/keys    | application/json | {"expiresAt":"+1000000-01-01T00:00:00Z"}                                                         | 400 | validation-failed
            admin | POST | /admin/v1/applications/{app}/keys    | application/json | {"expiresAt":"-1000000-01-01T00:00:00Z"}                                                         | 400 | validation-failed
            admin | POST | /admin/v1/plans                      | application/json | {"apiId":"{api}","name":"Gold","currency":"ZZZ"}                                                                 | 400 | validation-failed
            admin | POST | /admin/v1/organizations              | application/json | {"name":"Org\\u0000"}                                                                            | 400 | validation-failed
            admin | GET  | /admin/v1/keys?prefix=gh_%00         |                  |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/audit?from=%2B1000000-01-01T00:00:00Z |       |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/audit?to=-1000000-01-01T00:00:00Z |           |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/audit?actorId=a%00b        |                  |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/apis?limit=abc             |                  |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/apis?limit=99999999999999999999 |             |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/apis?limit=0               |                  |                                                                                                  | 400 | validation-failed
            admin | GET  | /admin/v1/apis/not-a-uuid            |                  |                                                                                                  | 400 | validation-failed
            none  | POST | /developer/v1/sessions               | application/json | {"email":"a\\u0000@example.org","password":"correct-horse-battery"}                              | 400 | validation-failed
            none  | POST | /developer/v1/signup                 | application/json | {"email":"a@example.org","email":"b@example.org","password":"correct-horse-battery"}             | 400 | malformed-request
            """)
    void bad_input_is_a_4xx_problem_never_a_5xx(String who, String method, String path, String contentType, String body,
                                                int status, String type) throws SQLException {
        long before = stored();
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (who.equals("admin")) {
            request.header("Authorization", ADMIN);
        }
        if (contentType != null) {
            request.contentType(contentType);
        }
        if (body != null) {
            request.body(body.equals("DEEP") ? DEEP : body.replace("{org}", org).replace("{app}", app).replace("{api}", api));
        }
        request.when().request(method, path.replace("{org}", org).replace("{app}", app)).then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:" + type))
                .body("status", equalTo(status))
                .body("detail", not(containsString("Exception")));
        assertEquals(before, stored(), "nothing was stored");
    }

    @Test
    void a_nul_is_named_with_its_field() {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"organizationId\":\"" + org + "\",\"name\":\"App\\u0000\"}").post("/admin/v1/applications")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("must not contain control characters (U+0000 at position 3)"));
    }

    @Test
    void a_far_future_expiry_is_named_with_its_field() {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"expiresAt\":\"+1000000-01-01T00:00:00Z\"}").post("/admin/v1/applications/" + app + "/keys")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"))
                .body("errors[0].message", equalTo(ClientInput.INSTANT_RANGE));
    }

    @Test
    void a_null_method_is_named_with_its_place_in_the_list() {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"Pay\",\"routePath\":\"/null-method\",\"upstreamUrl\":\"http://127.0.0.1:9/\",\"methods\":[\"GET\",null]}")
                .post("/admin/v1/apis").then().statusCode(400)
                .body("errors[0].field", equalTo("methods.[1]"))
                .body("errors[0].message", equalTo("must not be null"));
    }

    /** Rows in every table a refused request could have written to. */
    private long stored() throws SQLException {
        long n = 0;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[]{"apis", "applications", "api_keys", "plans", "organizations", "users"}) {
                try (ResultSet r = s.executeQuery("select count(*) from " + table)) {
                    r.next();
                    n += r.getLong(1);
                }
            }
        }
        return n;
    }
}
