package io.gatehouse.management.console;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlSubmitInput;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in a browser (HtmlUnit, no JavaScript), signed in through the OIDC code flow
 * of the test identity provider as "alice", a platform admin (subject 123456).
 */
@QuarkusTest
class ConsoleTest {

    static final String ALICE_SUBJECT = "123456";

    @TestHTTPResource("/")
    URL base;

    @Test
    void an_admin_signs_in_imports_an_api_publishes_it_creates_a_plan_and_reads_the_audit_entries() throws Exception {
        try (WebClient browser = browser()) {
            HtmlPage home = signIn(browser, "console");
            assertTrue(home.asNormalizedText().contains("platform-admin"), home.asNormalizedText());

            HtmlPage importing = browser.getPage(url("console/apis/import"));
            String title = unique("Imported Payments");
            String segment = unique("imp");
            HtmlForm form = importing.getHtmlElementById("import-form");
            form.getTextAreaByName("document").setText("""
                    openapi: 3.0.3
                    info:
                      title: %s
                      version: "1.0"
                      description: Imported from the console.
                    servers:
                      - url: http://127.0.0.1:9/%s
                    paths: {}
                    """.formatted(title, segment));
            HtmlPage api = ((HtmlButton) importing.getHtmlElementById("import")).click();
            assertEquals(200, api.getWebResponse().getStatusCode(), api.asNormalizedText());
            assertTrue(api.getHtmlElementById("api-name").asNormalizedText().contains(title));
            assertEquals("draft", api.getHtmlElementById("lifecycle").asNormalizedText());
            String apiId = api.getUrl().getPath().substring("/console/apis/".length());

            HtmlSelect target = api.getHtmlElementById("lifecycle-target");
            target.setSelectedAttribute("published", true);
            HtmlPage published = ((HtmlButton) api.getHtmlElementById("change-lifecycle")).click();
            assertEquals("published", published.getHtmlElementById("lifecycle").asNormalizedText());

            HtmlPage planForm = published.getAnchorByText("New plan").click();
            HtmlForm pf = planForm.getHtmlElementById("plan-form");
            pf.getInputByName("name").setValue("Gold");
            pf.getInputByName("rateMinute").setValue("600");
            pf.getInputByName("quotaMonth").setValue("1000000");
            pf.getInputByName("approvalRequired").setChecked(true);
            pf.getInputByName("flatFee").setValue("49.90");
            HtmlPage plan = ((HtmlButton) planForm.getHtmlElementById("create-plan")).click();
            assertEquals(200, plan.getWebResponse().getStatusCode(), plan.asNormalizedText());
            assertTrue(plan.getHtmlElementById("plan-name").asNormalizedText().contains("Gold"));
            assertTrue(plan.getHtmlElementById("plan-facts").asNormalizedText().contains("600 per minute"));

            admin().get("/admin/v1/apis/" + apiId).then().statusCode(200)
                    .body("lifecycle", equalTo("published"))
                    .body("ownerSubject", equalTo(ALICE_SUBJECT))
                    .body("routes[0].pathPrefix", equalTo("/" + segment));

            HtmlPage audit = browser.getPage(url("console/audit?entityType=api&entityId=" + apiId));
            String entries = audit.getHtmlElementById("entries").asNormalizedText();
            assertTrue(entries.contains("api.created") && entries.contains("api.updated"), entries);
            assertTrue(entries.contains("admin: " + ALICE_SUBJECT), entries);

            Page csv = browser.getPage(url("console/audit/export?entityId=" + apiId));
            assertTrue(csv.getWebResponse().getContentType().startsWith("text/csv"));
            assertTrue(csv.getWebResponse().getContentAsString().contains("api.created"));
        }
    }

    @Test
    void an_admin_approves_a_pending_subscription_and_suspends_the_organization() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String app = create("/admin/v1/applications", Map.of("organizationId", w.orgId(), "name", unique("Waiting")));
        String api = create("/admin/v1/apis", Map.of("name", unique("Gated"), "routePath", "/" + unique("g"),
                "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published"));
        String plan = create("/admin/v1/plans", Map.of("apiId", api, "name", "Approved only", "approvalRequired", true));
        String pending = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan, "status", "pending"));
        try (WebClient browser = browser()) {
            HtmlPage partners = signIn(browser, "console/partners");
            HtmlPage afterApproval = ((HtmlButton) partners.getHtmlElementById("pending-" + pending)
                    .querySelector("button.approve")).click();
            assertEquals(200, afterApproval.getWebResponse().getStatusCode(), afterApproval.asNormalizedText());
            admin().get("/admin/v1/subscriptions/" + pending).then().body("status", equalTo("active"));

            HtmlPage afterSuspend = ((HtmlButton) afterApproval.getHtmlElementById("org-" + w.orgId())
                    .querySelector("button.suspend")).click();
            assertTrue(afterSuspend.getHtmlElementById("org-" + w.orgId()).asNormalizedText().contains("suspended"));
            admin().get("/admin/v1/organizations/" + w.orgId()).then().body("status", equalTo("suspended"));
            admin().queryParam("entityId", w.orgId()).get("/admin/v1/audit").then()
                    .body("items[0].action", equalTo("organization.updated"))
                    .body("items[0].actorId", equalTo(ALICE_SUBJECT))
                    .body("items[0].after.status", equalTo("suspended"));
            admin().queryParam("entityId", pending).get("/admin/v1/audit").then()
                    .body("items[0].action", equalTo("subscription.active"))
                    .body("items[0].actorId", equalTo(ALICE_SUBJECT));
        }
    }

    @Test
    void a_form_post_without_the_csrf_token_is_refused() throws Exception {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Forged")));
        try (WebClient browser = browser()) {
            signIn(browser, "console/partners");
            WebRequest forged = new WebRequest(url("console/organizations/" + org + "/status"), HttpMethod.POST);
            forged.setRequestParameters(List.of(new NameValuePair("status", "suspended")));
            Page answer = browser.getPage(forged);
            assertEquals(400, answer.getWebResponse().getStatusCode());
        }
        admin().get("/admin/v1/organizations/" + org).then().body("status", equalTo("active"));
    }

    @Test
    void an_unknown_console_page_explains_itself_to_a_person() throws Exception {
        try (WebClient browser = browser()) {
            signIn(browser, "console");
            HtmlPage missing = browser.getPage(url("console/no-such-page"));
            assertEquals(404, missing.getWebResponse().getStatusCode());
            assertTrue(missing.getWebResponse().getContentType().startsWith("text/html"));
            assertTrue(missing.asNormalizedText().contains("does not exist"), missing.asNormalizedText());
            assertNotNull(missing.getAnchorByText("Back to the console"));

            HtmlPage unknownApi = browser.getPage(url("console/apis/00000000-0000-0000-0000-000000000042"));
            assertEquals(404, unknownApi.getWebResponse().getStatusCode());
            assertTrue(unknownApi.asNormalizedText().contains("API 00000000-0000-0000-0000-000000000042 does not exist"));
        }
    }

    @Test
    void a_plan_in_use_refuses_lower_limits_with_a_page_that_suggests_a_new_version() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        try (WebClient browser = browser()) {
            HtmlPage plan = signIn(browser, "console/plans/" + w.planId());
            HtmlForm edit = plan.getHtmlElementById("plan-edit");
            edit.getInputByName("rateMinute").setValue("10");
            HtmlPage refused = ((HtmlButton) plan.getHtmlElementById("save-plan")).click();
            assertEquals(409, refused.getWebResponse().getStatusCode());
            String text = refused.asNormalizedText();
            assertTrue(text.contains("new plan version") && text.contains("limits[0].maxRequests"), text);

            HtmlPage raised = browser.getPage(url("console/plans/" + w.planId()));
            raised.<HtmlForm>getHtmlElementById("plan-edit").getInputByName("rateMinute").setValue("1000");
            HtmlPage saved = ((HtmlButton) raised.getHtmlElementById("save-plan")).click();
            assertTrue(saved.getHtmlElementById("plan-facts").asNormalizedText().contains("1000 per minute"));
        }
    }

    @Test
    void an_admin_purges_an_apis_cache_from_its_page_and_the_purge_is_audited() throws Exception {
        String prefix = "/" + unique("purge");
        String apiId = AdminApi.create("/admin/v1/apis", Map.of("name", unique("Cached"), "routePath", prefix,
                "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published"));
        try (WebClient browser = browser()) {
            HtmlPage api = signIn(browser, "console/apis/" + apiId);

            HtmlPage whole = ((HtmlButton) api.getHtmlElementById("purge-cache")).click();
            assertEquals(200, whole.getWebResponse().getStatusCode(), whole.asNormalizedText());
            assertTrue(whole.getHtmlElementById("purged").asNormalizedText().contains("this API's"));

            whole.<HtmlForm>getHtmlElementById("purge-form").getInputByName("url").setValue(prefix + "/items?b=2&a=1");
            HtmlPage one = ((HtmlButton) whole.getHtmlElementById("purge-cache")).click();
            assertTrue(one.getHtmlElementById("purged").asNormalizedText().contains("that URL's"));

            whole.<HtmlForm>getHtmlElementById("purge-form").getInputByName("url").setValue("/not/this/api");
            HtmlPage refused = ((HtmlButton) whole.getHtmlElementById("purge-cache")).click();
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("not under a route of this API"), refused.asNormalizedText());

            HtmlPage audit = browser.getPage(url("console/audit?entityType=api&entityId=" + apiId));
            String entries = audit.getHtmlElementById("entries").asNormalizedText();
            assertTrue(entries.contains("api.cache-purged"), entries);
        }
    }

    @Test
    void the_gateway_and_key_pages_show_the_fleet_and_revoke_a_key() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String prefix = admin().body(Map.of("name", "console")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.prefix");
        try (WebClient browser = browser()) {
            HtmlPage fleet = signIn(browser, "console/gateways");
            assertEquals(200, fleet.getWebResponse().getStatusCode());
            assertNotNull(fleet.getHtmlElementById("config-version"));

            HtmlPage keys = browser.getPage(url("console/keys?prefix=" + prefix));
            HtmlPage revoked = ((HtmlButton) keys.getHtmlElementById("keys").querySelector("button.revoke")).click();
            assertTrue(revoked.getHtmlElementById("keys").asNormalizedText().contains("revoked"));
            // The revoke waited for the gateways and says where the revocation stands.
            String propagation = revoked.getHtmlElementById("propagation").asNormalizedText();
            assertTrue(propagation.startsWith("Revoked"), propagation);
        }
    }

    @Test
    void without_a_session_the_console_sends_the_browser_to_sign_in() {
        Response r = RestAssured.given().redirects().follow(false).get("/console/apis");
        assertEquals(302, r.statusCode());
        assertTrue(r.header("Location").contains("/realms/quarkus"), r.header("Location"));
    }

    @Test
    void only_console_answers_carry_the_console_csrf_cookie() {
        admin().get("/admin/v1/apis").then().statusCode(200).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        RestAssured.given().get("/developer/v1/catalog").then().statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void the_bearer_only_admin_api_needs_no_csrf_token_even_for_a_bodiless_post() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().body(Map.of("name", "bodiless")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(url("admin/v1/keys/" + key + "/revoke").toURI())
                        .header("Authorization", "Bearer " + AdminApi.ADMIN_TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void the_console_forbids_inline_script() {
        String token = admin().get("/admin/v1/apis").then().extract().header("Content-Security-Policy");
        assertTrue(token == null, "the API answers without the console's CSP");
        RestAssured.given().redirects().follow(false).get("/console").then()
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @Test
    @TestSecurity(user = "aude", roles = "auditor")
    void an_auditor_sees_no_buttons_and_is_refused_when_posting_anyway() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Watched")));
        Response page = RestAssured.given().get("/console/partners");
        page.then().statusCode(200).body(not(containsString("button.suspend")))
                .body(not(containsString(">Suspend<"))).body(not(containsString(">Approve<")));
        String csrf = page.getCookie("gatehouse-console-csrf");
        assertNotNull(csrf, "the console sets its CSRF cookie");
        RestAssured.given().cookie("gatehouse-console-csrf", csrf).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("status", "suspended")
                .post("/console/organizations/" + org + "/status").then()
                .statusCode(403)
                .contentType(startsWith("text/html"))
                .body(containsString("Your role does not allow this"));
        admin().get("/admin/v1/organizations/" + org).then().body("status", equalTo("active"));
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_cannot_edit_someone_elses_api_from_the_console() {
        String foreign = create("/admin/v1/apis", Map.of("name", unique("NotOlgas"), "routePath", "/" + unique("no"),
                "upstreamUrl", "http://127.0.0.1:9", "ownerSubject", "someone-else"));
        Response page = RestAssured.given().get("/console/apis/" + foreign);
        page.then().statusCode(200).body(not(containsString("id=\"edit-form\""))).body(not(containsString("New plan")));
        String csrf = page.getCookie("gatehouse-console-csrf");
        RestAssured.given().cookie("gatehouse-console-csrf", csrf).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("name", "Taken over")
                .post("/console/apis/" + foreign).then()
                .statusCode(403)
                .body(containsString("Only the owner of API"));
        RestAssured.given().get("/console/partners").then().statusCode(403);
        assertFalse(RestAssured.given().get("/console").asString().contains("/console/partners"),
                "the menu hides what the role cannot open");
    }

    @Test
    void an_admin_sets_an_apis_tags_in_the_console_forms_and_sees_them_on_its_page() throws Exception {
        try (WebClient browser = browser()) {
            HtmlPage creating = signIn(browser, "console/apis/new");
            HtmlForm form = creating.getHtmlElementById("api-form");
            form.getInputByName("name").setValue(unique("Tagged in the console"));
            form.getInputByName("routePath").setValue("/" + unique("tagged"));
            form.getInputByName("upstreamUrl").setValue("http://127.0.0.1:9");
            form.getInputByName("tags").setValue("Payments, eu-west  beta");
            HtmlPage api = ((HtmlButton) creating.getHtmlElementById("create")).click();
            assertEquals(200, api.getWebResponse().getStatusCode(), api.asNormalizedText());
            assertEquals("Tags: payments eu-west beta", api.getHtmlElementById("tags").asNormalizedText());
            String apiId = api.getUrl().getPath().substring("/console/apis/".length());

            HtmlForm edit = api.getHtmlElementById("edit-form");
            assertEquals("payments, eu-west, beta", edit.getInputByName("tags").getValue());
            edit.getInputByName("tags").setValue("stable");
            api = ((HtmlButton) api.getHtmlElementById("save")).click();
            assertEquals("Tags: stable", api.getHtmlElementById("tags").asNormalizedText());
            admin().get("/admin/v1/apis/" + apiId).then().body("tags", equalTo(List.of("stable")));

            edit = api.getHtmlElementById("edit-form");
            edit.getInputByName("tags").setValue("not_a_tag");
            HtmlPage refused = ((HtmlButton) api.getHtmlElementById("save")).click();
            assertEquals(400, refused.getWebResponse().getStatusCode(), refused.asNormalizedText());
            assertTrue(refused.asNormalizedText().contains("letters, digits and dashes"), refused.asNormalizedText());
            admin().get("/admin/v1/apis/" + apiId).then().body("tags", equalTo(List.of("stable")));

            api = browser.getPage(url("console/apis/" + apiId));
            edit = api.getHtmlElementById("edit-form");
            edit.getInputByName("tags").setValue("");
            api = ((HtmlButton) api.getHtmlElementById("save")).click();
            assertTrue(api.getHtmlElementById("tags").asNormalizedText().startsWith("No tags"),
                    api.getHtmlElementById("tags").asNormalizedText());
        }
    }

    private WebClient browser() {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(true);
        return browser;
    }

    /** Opens a console page, which sends the browser through the identity provider's login and back. */
    private HtmlPage signIn(WebClient browser, String path) throws Exception {
        HtmlPage login = browser.getPage(url(path));
        login.<org.htmlunit.html.HtmlInput>getHtmlElementById("username").setValue("alice");
        login.<org.htmlunit.html.HtmlInput>getHtmlElementById("password").setValue("alice");
        HtmlPage page = ((HtmlSubmitInput) login.getHtmlElementById("login")).click();
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertEquals("/" + path.replaceAll("\\?.*", ""), page.getUrl().getPath());
        return page;
    }

    private URL url(String path) throws Exception {
        return new URL(base, path);
    }
}
