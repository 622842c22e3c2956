package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.createApplication;
import static io.gatehouse.portal.journey.Portal.logIn;
import static io.gatehouse.portal.journey.Portal.readyPartner;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every list of the portal, when it is empty, says what to do next and links to where it is done. The management
 * service starts with an empty catalog for this class; the tests that need it empty run first, the one that publishes
 * a plan last.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmptyStatesPagesTest extends PortalPageTest {

    @Test
    @Order(1)
    void an_empty_catalog_tells_a_visitor_to_sign_up_and_a_partner_to_create_an_application() throws Exception {
        HtmlPage visitor = browser.getPage(url(root, "/"));
        assertEquals(200, visitor.getWebResponse().getStatusCode());
        assertTrue(visitor.getHtmlElementById("empty-catalog").asNormalizedText().startsWith("No API is published yet."),
                visitor.asNormalizedText());
        assertEquals("/signup", next(visitor, "empty-next"));

        signedIn();
        HtmlPage partner = browser.getPage(url(root, "/"));
        assertEquals("/applications/new", next(partner, "empty-next"));
        assertTrue(partner.getHtmlElementById("empty-catalog").asNormalizedText().contains("create an application"));
    }

    @Test
    @Order(1)
    void a_partner_without_applications_is_told_to_create_one_on_the_list_and_the_dashboard() throws Exception {
        signedIn();
        for (String path : List.of("/applications", "/dashboard")) {
            HtmlPage page = browser.getPage(url(root, path));
            DomElement empty = page.getElementById("no-applications");
            assertNotNull(empty, path + ": " + page.asNormalizedText());
            assertTrue(empty.asNormalizedText().startsWith("No applications yet — create one."), empty.asNormalizedText());
            assertEquals(List.of("/applications/new"), links(empty), path);
        }
    }

    @Test
    @Order(1)
    void a_new_application_with_no_plan_open_sends_the_partner_to_the_catalog_and_to_the_key_form() throws Exception {
        String session = signedIn();
        String app = application(session);
        HtmlPage page = browser.getPage(url(root, "/applications/" + app));

        DomElement subscriptions = page.getElementById("no-subscriptions");
        assertTrue(subscriptions.asNormalizedText().startsWith("No subscriptions yet"), subscriptions.asNormalizedText());
        assertEquals(List.of("/"), links(subscriptions));
        DomElement plans = page.getElementById("no-plans");
        assertTrue(plans.asNormalizedText().startsWith("No plan is open for subscription right now."), plans.asNormalizedText());
        assertEquals(List.of("/"), links(plans));
        DomElement keys = page.getElementById("no-keys");
        assertTrue(keys.asNormalizedText().startsWith("No keys yet — create one below"), keys.asNormalizedText());
        assertEquals(List.of("#key-name"), links(keys));
        assertNotNull(page.getElementById("key-name"), "the link leads to the new key's form");
    }

    @Test
    @Order(1)
    void the_usage_of_an_application_without_subscription_or_calls_says_how_to_get_them() throws Exception {
        String session = signedIn();
        String app = application(session);
        HtmlPage page = browser.getPage(url(root, "/applications/" + app + "/usage"));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());

        DomElement quota = page.getElementById("no-quota");
        assertTrue(quota.asNormalizedText().startsWith("No active subscription"), quota.asNormalizedText());
        assertEquals(List.of("/applications/" + app + "#subscribe"), links(quota));
        for (String id : List.of("no-calls-hourly", "no-calls-daily")) {
            DomElement calls = page.getElementById(id);
            assertNotNull(calls, id + ": " + page.asNormalizedText());
            assertTrue(calls.asNormalizedText().startsWith("No calls in the last"), calls.asNormalizedText());
            assertTrue(links(calls).contains("/applications/" + app + "#key-name"), links(calls).toString());
        }
    }

    @Test
    @Order(1)
    void an_organization_without_invoices_is_told_where_to_follow_its_charges() throws Exception {
        signedIn();
        HtmlPage page = browser.getPage(url(root, "/invoices"));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        DomElement none = page.getElementById("no-invoices");
        assertTrue(none.asNormalizedText().startsWith("No invoices yet."), none.asNormalizedText());
        assertEquals(List.of("/applications"), links(none));
    }

    @Test
    @Order(1)
    void an_owner_without_pending_invitations_is_told_to_invite_a_teammate() throws Exception {
        signedIn();
        HtmlPage page = browser.getPage(url(root, "/organization"));
        DomElement none = page.getElementById("no-invitations");
        assertTrue(none.asNormalizedText().startsWith("No invitation is waiting. Invite a teammate below."),
                none.asNormalizedText());
        assertEquals(List.of("#invite-email"), links(none));
        assertNotNull(page.getElementById("invite-email"), "the link leads to the invitation form");
    }

    @Test
    @Order(1)
    void no_product_yet_sends_the_visitor_to_the_api_catalog() throws Exception {
        HtmlPage page = browser.getPage(url(root, "/products"));
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertTrue(page.getHtmlElementById("no-products").asNormalizedText().startsWith("No product is offered yet."),
                page.asNormalizedText());
        assertEquals("/", next(page, "empty-next"));
    }

    @Test
    @Order(2)
    void once_a_plan_is_open_an_application_without_subscriptions_points_to_the_plan_picker() throws Exception {
        String route = "/" + unique("empty");
        String api = admin().body(Map.of("name", "Weather " + route, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        admin().body(Map.of("apiId", api, "name", "Starter " + route,
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 10, "timeUnit", "second"))))
                .post("/admin/v1/plans").then().statusCode(201);
        String session = signedIn();
        String app = application(session);
        HtmlPage page = browser.getPage(url(root, "/applications/" + app));

        DomElement subscriptions = page.getElementById("no-subscriptions");
        assertTrue(subscriptions.asNormalizedText().contains("choose a plan below"), subscriptions.asNormalizedText());
        assertEquals(List.of("#subscribe"), links(subscriptions));
        assertNotNull(page.getElementById("subscribe"), "the link leads to the plan picker");
        assertEquals(null, page.getElementById("no-plans"));
    }

    /** A new verified partner, logged in in {@link #browser}; its session token at management. */
    private String signedIn() throws Exception {
        String email = unique("empty") + "@example.com";
        String session = readyPartner(email);
        logIn(browser, root, email);
        return session;
    }

    private static String application(String session) {
        return createApplication(session, "Empty " + unique("app"));
    }

    private static String next(HtmlPage page, String id) {
        return ((HtmlAnchor) page.getHtmlElementById(id)).getHrefAttribute();
    }

    /** The addresses the element's links lead to, in order. */
    private static List<String> links(DomElement element) {
        List<String> hrefs = new ArrayList<>();
        for (DomElement a : element.getElementsByTagName("a")) {
            hrefs.add(a.getAttribute("href"));
        }
        return hrefs;
    }
}
