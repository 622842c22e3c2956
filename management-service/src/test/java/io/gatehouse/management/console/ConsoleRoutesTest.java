package io.gatehouse.management.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.console.ConsoleBrowser.ALICE_SUBJECT;
import static io.gatehouse.management.console.ConsoleBrowser.forgedPost;
import static io.gatehouse.management.console.ConsoleBrowser.open;
import static io.gatehouse.management.console.ConsoleBrowser.signIn;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes of an API in the console (HtmlUnit, signed in as alice, a platform admin): listed in order on the API's
 * page, added, edited, moved and deleted after a confirmation page, each POST answered with 303 to a GET.
 */
@QuarkusTest
class ConsoleRoutesTest {

    @TestHTTPResource("/")
    java.net.URL base;

    static String newApi(String owner, String prefix) {
        return create("/admin/v1/apis", Map.of("name", unique("Console routes"), "lifecycle", "published",
                "routePath", prefix, "upstreamUrl", "http://127.0.0.1:9/a", "ownerSubject", owner));
    }

    static List<String> routeIds(String api) {
        return admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract().path("routes.id");
    }

    @Test
    void an_admin_adds_edits_moves_and_deletes_routes_and_each_change_is_audited() throws Exception {
        String prefix = "/" + unique("cr");
        String api = newApi("someone-else", prefix);
        String first = routeIds(api).get(0);
        try (WebClient browser = open()) {
            HtmlPage detail = signIn(browser, base, "console/apis/" + api);
            assertTrue(detail.getHtmlElementById("routes-table").asNormalizedText().contains(prefix));
            assertFalse(detail.asXml().contains("id=\"delete-route-0\""), "the only route offers no delete");

            HtmlPage form = detail.getAnchorByText("Add route").click();
            HtmlForm add = form.getHtmlElementById("route-form");
            add.getInputByName("pathPrefix").setValue(prefix);
            form.getHtmlElementById("method-GET").click();
            form.getHtmlElementById("method-POST").click();
            add.getTextAreaByName("headers").setText("X-Variant: beta\nX-Debug");
            form.getHtmlElementById("forward-rewrite").click();
            add.getInputByName("rewritePattern").setValue("/items/(\\d+)");
            add.getInputByName("rewriteReplacement").setValue("/v2/items/$1");
            add.getInputByName("responseTimeoutMs").setValue("4000");
            HtmlPage afterAdd = form.<HtmlButton>getHtmlElementById("save-route").click();
            assertEquals(200, afterAdd.getWebResponse().getStatusCode(), afterAdd.asNormalizedText());
            assertEquals("/console/apis/" + api, afterAdd.getUrl().getPath());
            String row = afterAdd.getHtmlElementById("route-1").asNormalizedText();
            assertTrue(row.contains("X-Variant: beta") && row.contains("X-Debug") && row.contains("/v2/items/$1"), row);
            admin().get("/admin/v1/apis/" + api).then()
                    .body("routes", hasSize(2))
                    .body("routes[1].methods", equalTo(List.of("GET", "POST")))
                    .body("routes[1].headers[0].name", equalTo("X-Variant"))
                    .body("routes[1].rewrite.pattern", equalTo("/items/(\\d+)"))
                    .body("routes[1].stripPrefix", equalTo(false))
                    .body("routes[1].responseTimeoutMs", equalTo(4000));
            String second = routeIds(api).get(1);

            HtmlPage edit = afterAdd.<org.htmlunit.html.HtmlAnchor>getHtmlElementById("edit-route-1").click();
            HtmlForm editForm = edit.getHtmlElementById("route-form");
            assertEquals("X-Variant: beta\nX-Debug", editForm.getTextAreaByName("headers").getText());
            assertTrue(edit.<org.htmlunit.html.HtmlCheckBoxInput>getHtmlElementById("method-POST").isChecked());
            editForm.getInputByName("host").setValue("api.example.com");
            edit.getHtmlElementById("forward-keep").click();
            HtmlPage afterEdit = edit.<HtmlButton>getHtmlElementById("save-route").click();
            assertEquals(200, afterEdit.getWebResponse().getStatusCode(), afterEdit.asNormalizedText());
            admin().get("/admin/v1/apis/" + api).then()
                    .body("routes[1].host", equalTo("api.example.com"))
                    .body("routes[1].stripPrefix", equalTo(false))
                    .body("routes[1].rewrite", org.hamcrest.Matchers.nullValue());

            HtmlPage afterMove = afterEdit.<HtmlButton>getHtmlElementById("move-up-1").click();
            assertEquals(200, afterMove.getWebResponse().getStatusCode(), afterMove.asNormalizedText());
            assertEquals(List.of(second, first), routeIds(api));
            assertTrue(afterMove.getHtmlElementById("route-0").asNormalizedText().contains("api.example.com"));

            HtmlPage confirm = afterMove.getAnchorByText("Delete").click();
            assertEquals("/console/apis/" + api + "/routes/" + second + "/delete", confirm.getUrl().getPath());
            assertEquals(List.of(second, first), routeIds(api), "opening the confirmation deletes nothing");
            HtmlPage afterDelete = confirm.<HtmlButton>getHtmlElementById("confirm-delete").click();
            assertEquals(200, afterDelete.getWebResponse().getStatusCode(), afterDelete.asNormalizedText());
            assertEquals(List.of(first), routeIds(api));
        }
        List<String> actions = admin().queryParam("entityId", api).get("/admin/v1/audit").then().statusCode(200)
                .extract().path("items.action");
        assertEquals(List.of("api.route-deleted", "api.routes-reordered", "api.route-updated", "api.route-added"),
                actions.subList(0, 4));
        admin().queryParam("entityId", api).get("/admin/v1/audit").then()
                .body("items[0].actorId", equalTo(ALICE_SUBJECT));
    }

    @Test
    void a_route_form_that_does_not_validate_comes_back_with_what_was_typed_and_each_problem_named() throws Exception {
        String prefix = "/" + unique("crbad");
        String api = newApi("someone-else", prefix);
        try (WebClient browser = open()) {
            HtmlPage form = signIn(browser, base, "console/apis/" + api + "/routes/new");
            HtmlForm add = form.getHtmlElementById("route-form");
            add.getInputByName("pathPrefix").setValue(prefix + "/x");
            add.getTextAreaByName("headers").setText("Bad Name: 1");
            form.getHtmlElementById("forward-rewrite").click();
            add.getInputByName("rewritePattern").setValue("/(unclosed");
            add.getInputByName("rewriteReplacement").setValue("/x");
            HtmlPage again = form.<HtmlButton>getHtmlElementById("save-route").click();

            assertEquals(400, again.getWebResponse().getStatusCode());
            assertTrue(again.getHtmlElementById("error-rewrite").asNormalizedText().contains("not a valid regular expression"),
                    again.asNormalizedText());
            assertNotNull(again.getHtmlElementById("error-headers"));
            HtmlForm shown = again.getHtmlElementById("route-form");
            assertEquals(prefix + "/x", shown.getInputByName("pathPrefix").getValue());
            assertEquals("/(unclosed", shown.getInputByName("rewritePattern").getValue());
            assertEquals("Bad Name: 1", shown.getTextAreaByName("headers").getText());
            assertTrue(again.<org.htmlunit.html.HtmlRadioButtonInput>getHtmlElementById("forward-rewrite").isChecked());

            HtmlPage same = browser.getPage(new java.net.URL(base, "console/apis/" + api + "/routes/new"));
            same.<HtmlForm>getHtmlElementById("route-form").getInputByName("pathPrefix").setValue(prefix);
            HtmlPage conflict = same.<HtmlButton>getHtmlElementById("save-route").click();
            assertEquals(409, conflict.getWebResponse().getStatusCode());
            assertTrue(conflict.getHtmlElementById("error-pathPrefix").asNormalizedText().contains("already matches"),
                    conflict.asNormalizedText());
        }
        assertEquals(1, routeIds(api).size());
    }

    @Test
    @TestSecurity(user = "alice", roles = "platform-admin")
    void every_route_form_post_answers_303_to_the_api_page() {
        String prefix = "/" + unique("cr303");
        String api = newApi("someone-else", prefix);
        String page = "/console/apis/" + api;

        Response added = forgedPost(page, page + "/routes", "pathPrefix", prefix + "/b", "forward", "strip");
        added.then().statusCode(303).header("Location", endsWith(page + "#routes"));
        String second = routeIds(api).get(1);
        forgedPost(page, page + "/routes/" + second, "pathPrefix", prefix + "/c", "forward", "keep").then()
                .statusCode(303).header("Location", endsWith(page + "#routes"));
        forgedPost(page, page + "/routes/" + second + "/move", "direction", "up").then()
                .statusCode(303).header("Location", endsWith(page + "#routes"));
        assertEquals(second, routeIds(api).get(0));
        forgedPost(page, page + "/routes/" + second + "/delete").then()
                .statusCode(303).header("Location", endsWith(page + "#routes"));
        assertEquals(1, routeIds(api).size());
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_cannot_change_the_routes_of_someone_elses_api() {
        String api = newApi("someone-else", "/" + unique("crforeign"));
        String page = "/console/apis/" + api;
        RestAssured.given().get(page).then().statusCode(200)
                .body(containsString("id=\"routes-table\"")).body(not(containsString("id=\"add-route\"")));
        RestAssured.given().get(page + "/routes/new").then().statusCode(403);

        forgedPost(page, page + "/routes", "pathPrefix", "/" + unique("x")).then().statusCode(403);
        assertEquals(1, routeIds(api).size());
        assertNotNull(routeIds(api).get(0));
    }
}
