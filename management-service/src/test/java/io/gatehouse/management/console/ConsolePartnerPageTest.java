package io.gatehouse.management.console;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.console.ConsoleBrowser.ALICE_SUBJECT;
import static io.gatehouse.management.console.ConsoleBrowser.forgedPost;
import static io.gatehouse.management.console.ConsoleBrowser.open;
import static io.gatehouse.management.console.ConsoleBrowser.signIn;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One partner organization's page in the console: its members (role, verified, last login), its
 * applications with their subscriptions and keys, and the actions on them, each through the same
 * service as the admin API, audited, and refused to roles that may only read.
 */
@QuarkusTest
class ConsolePartnerPageTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String PORTAL_TOKEN = "test-portal-token-0123456789";

    @TestHTTPResource("/")
    URL base;

    @Test
    void the_members_route_lists_each_member_with_role_verification_and_last_login() {
        Partner p = Partner.signUp();
        admin().get("/admin/v1/organizations/" + p.orgId() + "/members").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].email", equalTo(p.email()))
                .body("items[0].displayName", equalTo("Ada Lovelace"))
                .body("items[0].role", equalTo("owner"))
                .body("items[0].emailVerified", equalTo(false))
                .body("items[0].status", equalTo("active"))
                .body("items[0].lastLoginAt", notNullValue())
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("passwordHash")));
        String adminMade = create("/admin/v1/organizations", Map.of("name", unique("Empty")));
        admin().get("/admin/v1/organizations/" + adminMade + "/members").then().statusCode(200).body("items", hasSize(0));
        admin().get("/admin/v1/organizations/00000000-0000-0000-0000-000000000042/members").then().statusCode(404);
    }

    @Test
    void an_admin_reads_an_organization_and_approves_suspends_cancels_and_revokes_from_its_page() throws Exception {
        Partner p = Partner.signUp();
        String app = create("/admin/v1/applications", Map.of("organizationId", p.orgId(), "name", unique("Shop")));
        AdminApi.World other = AdminApi.World.create();
        String gatedApi = create("/admin/v1/apis", Map.of("name", unique("Gated"), "routePath", "/" + unique("gp"),
                "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published"));
        String gatedPlan = create("/admin/v1/plans", Map.of("apiId", gatedApi, "name", "Gold", "approvalRequired", true));
        String pending = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", gatedPlan, "status", "pending"));
        String active = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", other.planId()));
        var issued = admin().body(Map.of("name", "shop-key")).post("/admin/v1/applications/" + app + "/keys")
                .then().statusCode(201).extract();
        String keyId = issued.path("details.id");
        String prefix = issued.path("details.prefix");
        String lastFour = issued.path("details.lastFour");

        try (WebClient browser = open()) {
            HtmlPage partners = signIn(browser, base, "console/partners");
            HtmlPage page = partners.getAnchorByHref("/console/partners/" + p.orgId()).click();
            assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
            assertTrue(text(page, "org-name").contains(p.company()));
            String member = page.getHtmlElementById("members").asNormalizedText();
            assertTrue(member.contains(p.email()) && member.contains("owner") && member.contains("not yet"), member);
            assertFalse(member.contains("not known"), "the last login is known: " + member);
            String application = text(page, "app-" + app);
            assertTrue(application.contains("Gold") && application.contains("Starter"), application);
            assertTrue(application.contains(prefix + "…" + lastFour), application);

            HtmlPage approved = click(page, "subscription-" + pending, "button.move-active");
            assertEquals("/console/partners/" + p.orgId(), approved.getUrl().getPath());
            assertTrue(text(approved, "subscription-" + pending).contains("active"));
            admin().get("/admin/v1/subscriptions/" + pending).then().body("status", equalTo("active"));

            HtmlPage suspended = click(approved, "subscription-" + active, "button.move-suspended");
            assertTrue(text(suspended, "subscription-" + active).contains("suspended"));
            HtmlPage cancelled = click(suspended, "subscription-" + active, "button.move-cancelled");
            assertTrue(text(cancelled, "subscription-" + active).contains("cancelled"));
            assertEquals(0, cancelled.getHtmlElementById("subscription-" + active).querySelectorAll("button").size(),
                    "a cancelled subscription offers no more moves");
            admin().get("/admin/v1/subscriptions/" + active).then().body("status", equalTo("cancelled"));

            HtmlPage revoked = click(cancelled, "key-" + keyId, "button.revoke");
            assertEquals("/console/partners/" + p.orgId(), revoked.getUrl().getPath());
            assertTrue(text(revoked, "key-" + keyId).contains("revoked"));
            admin().get("/admin/v1/keys/" + keyId).then().body("status", equalTo("revoked"));

            HtmlPage orgSuspended = click(revoked, "org-actions", "button.suspend");
            assertEquals("suspended", text(orgSuspended, "org-status"));
            HtmlPage reinstated = click(orgSuspended, "org-actions", "button.reinstate");
            assertEquals("active", text(reinstated, "org-status"));
        }
        admin().queryParam("entityId", pending).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("subscription.active")).body("items[0].actorId", equalTo(ALICE_SUBJECT));
        admin().queryParam("entityId", active).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("subscription.cancelled")).body("items[0].actorId", equalTo(ALICE_SUBJECT));
        admin().queryParam("entityId", keyId).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("key.revoked")).body("items[0].actorId", equalTo(ALICE_SUBJECT));
        admin().queryParam("entityId", p.orgId()).get("/admin/v1/audit").then()
                .body("items[0].after.status", equalTo("active")).body("items[1].after.status", equalTo("suspended"))
                .body("items[0].actorId", equalTo(ALICE_SUBJECT));
    }

    @Test
    void an_admin_sets_and_clears_an_oauth_client_id_and_a_taken_or_spaced_one_is_refused_at_the_field() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String taken = unique("taken-client");
        create("/admin/v1/applications", Map.of("organizationId", w.orgId(), "name", unique("Other"), "oauthClientId", taken));
        String clientId = unique("checkout-web");
        String field = "app-" + w.appId() + "-oauthClientId";
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/partners/" + w.orgId());
            assertEquals("", input(page, field).getValue(), "no client id yet");

            input(page, field).setValue("checkout web");
            HtmlPage spaced = clickById(page, "app-" + w.appId() + "-save-client-id");
            assertEquals(400, spaced.getWebResponse().getStatusCode());
            assertTrue(text(spaced, field + "-error").contains("without spaces"), spaced.asNormalizedText());
            assertEquals("checkout web", input(spaced, field).getValue(), "what was typed is kept");

            input(spaced, field).setValue(taken);
            HtmlPage clash = clickById(spaced, "app-" + w.appId() + "-save-client-id");
            assertEquals(409, clash.getWebResponse().getStatusCode());
            assertTrue(clash.getWebResponse().getContentType().startsWith("text/html"));
            assertTrue(text(clash, field + "-error").contains("Another application already has the OAuth client id '" + taken + "'"),
                    clash.asNormalizedText());
            assertEquals(taken, input(clash, field).getValue());
            admin().get("/admin/v1/applications/" + w.appId()).then().body("oauthClientId", nullValue());

            input(clash, field).setValue(" " + clientId + " ");
            HtmlPage saved = clickById(clash, "app-" + w.appId() + "-save-client-id");
            assertEquals("/console/partners/" + w.orgId(), saved.getUrl().getPath());
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertEquals(clientId, input(saved, field).getValue());
            admin().get("/admin/v1/applications/" + w.appId()).then().body("oauthClientId", equalTo(clientId));

            input(saved, field).setValue("");
            HtmlPage cleared = clickById(saved, "app-" + w.appId() + "-save-client-id");
            assertEquals(200, cleared.getWebResponse().getStatusCode(), cleared.asNormalizedText());
            assertEquals("", input(cleared, field).getValue());
        }
        admin().get("/admin/v1/applications/" + w.appId()).then().body("oauthClientId", nullValue());
        admin().queryParam("entityId", w.appId()).get("/admin/v1/audit").then()
                .body("items", hasSize(3))
                .body("items[0].action", equalTo("application.updated"))
                .body("items[0].actorId", equalTo(ALICE_SUBJECT))
                .body("items[0].before.oauthClientId", equalTo(clientId))
                .body("items[0].after.oauthClientId", nullValue())
                .body("items[1].after.oauthClientId", equalTo(clientId))
                .body("items[2].action", equalTo("application.created"));
    }

    @Test
    void an_admin_approves_a_pending_sign_up_from_the_partners_page() throws Exception {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Waiting"), "status", "pending"));
        String rejected = create("/admin/v1/organizations", Map.of("name", unique("Unwanted"), "status", "pending"));
        try (WebClient browser = open()) {
            HtmlPage partners = signIn(browser, base, "console/partners");
            HtmlPage approved = click(partners, "org-" + org, "button.approve");
            assertTrue(text(approved, "org-" + org).contains("active"));
            HtmlPage afterReject = click(approved, "org-" + rejected, "button.reject");
            assertTrue(text(afterReject, "org-" + rejected).contains("rejected"));
        }
        admin().get("/admin/v1/organizations/" + org).then().body("status", equalTo("active"));
        admin().get("/admin/v1/organizations/" + rejected).then().body("status", equalTo("rejected"));
    }

    @Test
    @TestSecurity(user = "aude", roles = "auditor")
    void an_auditor_reads_members_subscriptions_and_keys_but_gets_no_buttons_and_a_forged_post_is_refused() {
        AdminApi.World w = AdminApi.World.create();
        String clientId = unique("aude-client");
        admin().body(Map.of("oauthClientId", clientId)).patch("/admin/v1/applications/" + w.appId()).then().statusCode(200);
        String key = admin().body(Map.of("name", "k")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        String page = "/console/partners/" + w.orgId();
        String html = RestAssured.given().get(page).then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"key-" + key + "\""), "an auditor reads keys");
        assertTrue(html.contains("OAuth client id: <code>" + clientId + "</code>"), "an auditor reads the client id: " + html);
        assertFalse(html.contains("<input"), "and gets no field to change it");
        assertTrue(html.contains("id=\"subscription-" + w.subscriptionId() + "\""));
        assertFalse(html.contains("<form"), "no actions for an auditor");
        forgedPost(page, "/console/subscriptions/" + w.subscriptionId() + "/status", "status", "suspended", "back", "organization")
                .then().statusCode(403).body(containsString("Your role does not allow this"));
        forgedPost(page, "/console/keys/" + key + "/revoke", "back", "organization").then().statusCode(403);
        forgedPost(page, "/console/organizations/" + w.orgId() + "/status", "status", "suspended").then().statusCode(403);
        admin().get("/admin/v1/subscriptions/" + w.subscriptionId()).then().body("status", equalTo("active"));
        admin().get("/admin/v1/keys/" + key).then().body("status", equalTo("active"));
        forgedPost(page, "/console/applications/" + w.appId() + "/oauth-client-id", "oauthClientId", "forged").then()
                .statusCode(403);
        admin().get("/admin/v1/applications/" + w.appId()).then().body("oauthClientId", equalTo(clientId));
    }

    @Test
    @TestSecurity(user = "bill", roles = "billing-viewer")
    void a_billing_viewer_reads_subscriptions_but_not_keys() {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().body(Map.of("name", "k")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        String html = RestAssured.given().get("/console/partners/" + w.orgId()).then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"subscription-" + w.subscriptionId() + "\""));
        assertFalse(html.contains(key), "key material is not a billing viewer's business");
        assertFalse(html.contains("<form"));
        assertTrue(html.contains("id=\"app-" + w.appId() + "-client-id\""), "the client id line is there, read-only");
        forgedPost("/console/partners/" + w.orgId(), "/console/applications/" + w.appId() + "/oauth-client-id",
                "oauthClientId", "forged").then().statusCode(403);
        admin().get("/admin/v1/applications/" + w.appId()).then().body("oauthClientId", nullValue());
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_cannot_open_a_partner_page() {
        AdminApi.World w = AdminApi.World.create();
        RestAssured.given().get("/console/partners/" + w.orgId()).then().statusCode(403)
                .body(containsString("Your role does not allow this"));
    }

    private static String text(HtmlPage page, String id) {
        return page.getHtmlElementById(id).asNormalizedText();
    }

    private static HtmlInput input(HtmlPage page, String id) {
        return page.getHtmlElementById(id);
    }

    private static HtmlPage clickById(HtmlPage page, String buttonId) throws Exception {
        return ((HtmlButton) page.getHtmlElementById(buttonId)).click();
    }

    private static HtmlPage click(HtmlPage page, String rowId, String button) throws Exception {
        HtmlElement row = page.getHtmlElementById(rowId);
        return ((HtmlButton) row.querySelector(button)).click();
    }

    /** A partner who signed up through the developer API (email not verified) and logged in once. */
    record Partner(String email, String company, String orgId) {
        static Partner signUp() {
            String email = unique("ada") + "@example.com";
            String company = unique("Analytical");
            RestAssured.given().contentType(ContentType.JSON).header("X-Gatehouse-Portal-Token", PORTAL_TOKEN)
                    .header("X-Gatehouse-Client-IP", "10.42." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250)))
                    .body(Map.of("name", "Ada Lovelace", "email", email, "company", company, "password", PASSWORD))
                    .post("/developer/v1/signup").then().statusCode(202);
            String session = RestAssured.given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", PASSWORD))
                    .post("/developer/v1/sessions").then().statusCode(201).extract().path("token");
            String orgId = RestAssured.given().header("Authorization", "Bearer " + session).get("/developer/v1/me")
                    .then().statusCode(200).extract().path("organization.id");
            return new Partner(email, company, orgId);
        }
    }
}
