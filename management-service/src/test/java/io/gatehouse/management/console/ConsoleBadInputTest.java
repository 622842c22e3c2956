package io.gatehouse.management.console;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 13, for the console: a NUL or another control character in any form field or query parameter a
 * person can send is a 400 page that names the problem, never a 500, and nothing is stored. The JSON APIs' rows are in
 * {@code BadInputIsRefusedTest}; these are the same inputs through the console's forms.
 */
@QuarkusTest
class ConsoleBadInputTest {

    /** One form post or page request and the field that carries the bad value. */
    record Row(String what, String method, String path, Map<String, String> form) {
        /** Posted as multipart/form-data, as the import form is. */
        boolean multipart() {
            return path.endsWith("/import");
        }
    }

    @Test
    @TestSecurity(user = "alice", roles = "platform-admin")
    void a_control_character_in_a_console_form_or_query_is_a_400_page_and_nothing_is_stored() {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");
        String nul = "Pay\u0000ments";
        String bell = "Pay\u0007ments";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("a new API's name", "POST", "/console/apis", form("name", nul, "routePath", "/" + unique("n"),
                "upstreamUrl", "http://127.0.0.1:9", "version", "v1")));
        rows.add(new Row("a new API's description", "POST", "/console/apis", form("name", unique("Ok"),
                "description", bell, "routePath", "/" + unique("n"), "upstreamUrl", "http://127.0.0.1:9")));
        rows.add(new Row("an API's new name", "POST", "/console/apis/" + w.apiId(), form("name", nul)));
        rows.add(new Row("an imported document's title", "POST", "/console/apis/import", form("document",
                "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"Pay\\u0000ments\", \"version\": \"1\"}, \"paths\": {}}",
                "routePath", "/" + unique("imp"), "upstreamUrl", "http://127.0.0.1:9")));
        rows.add(new Row("a cache purge's URL", "POST", "/console/apis/" + w.apiId() + "/cache/purge",
                form("url", "/x\u0000y")));
        rows.add(new Row("a route's path prefix", "POST", "/console/apis/" + w.apiId() + "/routes",
                form("pathPrefix", "/a\u0000b")));
        rows.add(new Row("a route's host", "POST", "/console/apis/" + w.apiId() + "/routes",
                form("pathPrefix", "/" + unique("h"), "host", "api\u0000.example.com")));
        rows.add(new Row("a new organization's name", "POST", "/console/organizations", form("name", nul)));
        rows.add(new Row("an organization's new name", "POST", "/console/organizations/" + w.orgId(), form("name", nul)));
        rows.add(new Row("a new application's name", "POST", "/console/organizations/" + w.orgId() + "/applications",
                form("name", nul)));
        rows.add(new Row("a new application's description", "POST",
                "/console/organizations/" + w.orgId() + "/applications", form("name", unique("Ok"), "description", bell)));
        rows.add(new Row("a new key's name", "POST", "/console/applications/" + w.appId() + "/keys", form("name", nul)));
        rows.add(new Row("an OAuth client id", "POST", "/console/applications/" + w.appId() + "/oauth-client-id",
                form("oauthClientId", "cli\u0000ent")));
        rows.add(new Row("a revocation's reason", "POST", "/console/keys/" + key + "/revoke", form("reason", nul)));
        rows.add(new Row("a new plan's name", "POST", "/console/plans", form("apiId", w.apiId(), "name", nul)));
        rows.add(new Row("a plan's new description", "POST", "/console/plans/" + w.planId(),
                form("name", "Starter", "description", bell)));
        String product = admin().get("/admin/v1/plans/" + w.planId()).then().extract().path("productId");
        rows.add(new Row("a new product's name", "POST", "/console/products", form("name", nul)));
        rows.add(new Row("a product's new name", "POST", "/console/products/" + product + "/edit",
                form("name", nul, "description", "")));
        rows.add(new Row("a product's new description", "POST", "/console/products/" + product + "/edit",
                form("name", unique("Ok"), "description", bell)));
        rows.add(new Row("the key search's prefix", "GET", "/console/keys?prefix=gh_%00", Map.of()));
        rows.add(new Row("the audit search's entity", "GET", "/console/audit?entityId=a%00b", Map.of()));

        Response page = RestAssured.given().get("/console/partners");
        String csrf = page.getCookie("gatehouse-console-csrf");
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            Response answer;
            if (row.method().equals("GET")) {
                answer = RestAssured.given().urlEncodingEnabled(false).get(row.path());
            } else {
                var request = RestAssured.given().cookie("gatehouse-console-csrf", csrf);
                if (row.multipart()) {
                    request = request.multiPart("csrf-token", csrf);
                    for (Map.Entry<String, String> field : row.form().entrySet()) {
                        request = request.multiPart(field.getKey(), field.getValue());
                    }
                } else {
                    request = request.contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf);
                    for (Map.Entry<String, String> field : row.form().entrySet()) {
                        request = request.formParam(field.getKey(), field.getValue());
                    }
                }
                answer = request.post(row.path());
            }
            String body = answer.asString();
            boolean ok = answer.statusCode() == 400 && answer.contentType().startsWith("text/html")
                    && body.contains("control character");
            if (!ok) {
                wrong.add(row.what() + ": " + answer.statusCode() + " " + answer.contentType() + " "
                        + body.replaceAll("(?s).*<main>", "").substring(0, Math.min(400, body.replaceAll("(?s).*<main>", "").length())).replaceAll("\\s+", " "));
            }
        }
        assertTrue(wrong.isEmpty(), "expected a 400 page naming the control character for:\n" + String.join("\n", wrong));

        admin().get("/admin/v1/apis/" + w.apiId()).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("\u0000")));
        admin().get("/admin/v1/organizations/" + w.orgId()).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("\u0000")));
        admin().get("/admin/v1/keys/" + key).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("active"));
        admin().get("/admin/v1/products/" + product).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Ok")));
        assertEquals(21, rows.size(), "every row ran");
    }

    @Test
    @TestSecurity(user = "alice", roles = "platform-admin")
    void a_revocation_reason_longer_than_the_admin_api_takes_is_a_400_page_and_the_key_stays_active() {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");
        String csrf = RestAssured.given().get("/console/partners").getCookie("gatehouse-console-csrf");
        Response answer = RestAssured.given().cookie("gatehouse-console-csrf", csrf)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf)
                .formParam("reason", "x".repeat(501)).post("/console/keys/" + key + "/revoke");
        assertEquals(400, answer.statusCode(), answer.asString());
        assertTrue(answer.contentType().startsWith("text/html"), answer.contentType());
        assertTrue(answer.asString().contains("reason"), "the page names the field");
        admin().get("/admin/v1/keys/" + key).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("active"));
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }
}
