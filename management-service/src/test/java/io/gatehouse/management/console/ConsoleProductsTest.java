package io.gatehouse.management.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Products in the console (HtmlUnit, signed in as alice, a platform admin): create one, grant two APIs (one restricted
 * to a route and a method), remove one after a confirmation page, create a plan of the product, edit its name and
 * description, and delete one without plans after a confirmation page; each POST answered with 303 to a GET. Forged
 * posts under {@code @TestSecurity} show that only the roles the admin API allows may edit or delete.
 */
@QuarkusTest
class ConsoleProductsTest {

    @TestHTTPResource("/")
    java.net.URL base;

    @Test
    void an_admin_creates_a_product_grants_two_apis_removes_one_after_confirming_and_adds_a_plan() throws Exception {
        String ordersName = unique("Console orders");
        String orders = create("/admin/v1/apis", Map.of("name", ordersName, "lifecycle", "published",
                "routePath", "/" + unique("co"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String stockName = unique("Console stock");
        String stockPrefix = "/" + unique("cs");
        String stock = create("/admin/v1/apis", Map.of("name", stockName, "lifecycle", "published",
                "routePath", stockPrefix, "upstreamUrl", "http://127.0.0.1:9/a"));
        String stockRoute = admin().get("/admin/v1/apis/" + stock).then().extract().path("routes[0].id");
        String name = unique("Console commerce");
        try (WebClient browser = open()) {
            HtmlPage list = signIn(browser, base, "console/products");
            HtmlForm form = list.getHtmlElementById("product-form");
            form.getInputByName("name").setValue(name);
            form.getTextAreaByName("description").setText("Orders and stock");
            HtmlPage detail = list.<HtmlButton>getHtmlElementById("create-product").click();
            assertEquals(200, detail.getWebResponse().getStatusCode(), detail.asNormalizedText());
            assertTrue(detail.getUrl().getPath().startsWith("/console/products/"), detail.getUrl().toString());
            String product = detail.getUrl().getPath().substring("/console/products/".length());
            assertTrue(detail.getHtmlElementById("grants").asNormalizedText().contains("grants no API yet"));

            detail = grant(detail, orders, false);
            detail = grant(detail, stock, true);
            admin().get("/admin/v1/products/" + product).then().statusCode(200)
                    .body("name", equalTo(name))
                    .body("apis", hasSize(2))
                    .body("apis.find { it.apiId == '" + stock + "' }.routeIds", equalTo(List.of(stockRoute)))
                    .body("apis.find { it.apiId == '" + stock + "' }.methods", equalTo(List.of("GET")))
                    .body("apis.find { it.apiId == '" + orders + "' }.methods", hasSize(0));
            String table = detail.getHtmlElementById("grants").asNormalizedText();
            assertTrue(table.contains(ordersName) && table.contains(stockName) && table.contains("1 route(s)"), table);

            HtmlPage confirm = detail.getAnchorByHref("/console/products/" + product + "/apis/" + orders + "/remove").click();
            assertTrue(confirm.asNormalizedText().contains("Remove " + ordersName), confirm.asNormalizedText());
            admin().get("/admin/v1/products/" + product).then().body("apis", hasSize(2));
            detail = confirm.<HtmlButton>getHtmlElementById("confirm-remove").click();
            assertEquals("/console/products/" + product, detail.getUrl().getPath());
            admin().get("/admin/v1/products/" + product).then().body("apis", hasSize(1))
                    .body("apis[0].apiId", equalTo(stock));

            HtmlPage planForm = detail.<HtmlAnchor>getHtmlElementById("new-plan").click();
            assertEquals("/console/plans/new", planForm.getUrl().getPath());
            planForm.<HtmlForm>getHtmlElementById("plan-form").getInputByName("name").setValue("Console bundle");
            HtmlPage plan = planForm.<HtmlButton>getHtmlElementById("create-plan").click();
            assertEquals(200, plan.getWebResponse().getStatusCode(), plan.asNormalizedText());
            String planId = plan.getUrl().getPath().substring("/console/plans/".length());
            admin().get("/admin/v1/plans/" + planId).then().body("productId", equalTo(product))
                    .body("apiId", equalTo(stock));
            assertTrue(plan.asNormalizedText().contains("Plan of " + stockName), plan.asNormalizedText());
            HtmlPage back = browser.getPage(new java.net.URL(base, "console/products/" + product));
            assertTrue(back.getHtmlElementById("plans").asNormalizedText().contains("Console bundle"));
        }
    }

    @Test
    void a_subscription_of_a_product_of_two_apis_is_named_by_its_product_on_the_partner_and_subscription_pages() throws Exception {
        String ordersName = unique("Listed orders");
        String orders = create("/admin/v1/apis", Map.of("name", ordersName, "lifecycle", "published",
                "routePath", "/" + unique("lo"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String stockName = unique("Listed stock");
        String stock = create("/admin/v1/apis", Map.of("name", stockName, "lifecycle", "published",
                "routePath", "/" + unique("ls"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String name = unique("Listed commerce");
        String product = create("/admin/v1/products", Map.of("name", name));
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + orders).then().statusCode(200);
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + stock).then().statusCode(200);
        String plan = admin().body(Map.of("name", "Listed bundle", "approvalRequired", true))
                .post("/admin/v1/products/" + product + "/plans").then().statusCode(201).extract().path("id");
        String org = create("/admin/v1/organizations", Map.of("name", unique("Listed org")));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Shop"));
        String sub = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan, "status", "pending"));
        String apis = List.of(ordersName, stockName).stream().sorted(String.CASE_INSENSITIVE_ORDER)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        try (WebClient browser = open()) {
            HtmlPage partners = signIn(browser, base, "console/partners");
            assertNamesTheProduct(partners.getHtmlElementById("pending-" + sub), product, name, apis);

            HtmlPage listed = browser.getPage(new java.net.URL(base, "console/subscriptions?q="
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)));
            assertNamesTheProduct(listed.getHtmlElementById("subscription-" + sub), product, name, apis);

            HtmlPage organization = browser.getPage(new java.net.URL(base, "console/partners/" + org));
            assertNamesTheProduct(organization.getHtmlElementById("subscription-" + sub), product, name, apis);
        }
    }

    @Test
    void an_admin_edits_a_products_name_and_description_and_the_change_is_audited_as_theirs() throws Exception {
        String name = unique("Editable");
        String product = create("/admin/v1/products", Map.of("name", name, "description", "Old words"));
        String slug = admin().get("/admin/v1/products/" + product).then().extract().path("slug");
        String renamed = unique("Renamed");
        try (WebClient browser = open()) {
            HtmlPage detail = signIn(browser, base, "console/products/" + product);
            HtmlPage form = detail.<HtmlAnchor>getHtmlElementById("edit-product").click();
            assertEquals("/console/products/" + product + "/edit", form.getUrl().getPath());
            HtmlForm edit = form.getHtmlElementById("edit-form");
            assertEquals(name, edit.getInputByName("name").getValue());
            assertEquals("Old words", edit.getTextAreaByName("description").getText());
            edit.getInputByName("name").setValue(renamed);
            edit.getTextAreaByName("description").setText("New words for partners");
            HtmlPage saved = form.<HtmlButton>getHtmlElementById("save-product").click();
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertEquals("/console/products/" + product, saved.getUrl().getPath());
            assertTrue(saved.getHtmlElementById("product-name").asNormalizedText().contains(renamed),
                    saved.asNormalizedText());
        }
        admin().get("/admin/v1/products/" + product).then().statusCode(200)
                .body("name", equalTo(renamed)).body("description", equalTo("New words for partners"))
                .body("slug", equalTo(slug));
        admin().queryParam("entityId", product).get("/admin/v1/audit").then().statusCode(200)
                .body("items[0].action", equalTo("product.updated"))
                .body("items[0].actorId", equalTo(ALICE_SUBJECT))
                .body("items[0].before.name", equalTo(name))
                .body("items[0].after.name", equalTo(renamed));
    }

    @Test
    void an_edit_that_does_not_validate_comes_back_with_what_was_typed_and_the_problem_next_to_its_field() throws Exception {
        String name = unique("Kept");
        String product = create("/admin/v1/products", Map.of("name", name, "description", "Kept words"));
        try (WebClient browser = open()) {
            HtmlPage form = signIn(browser, base, "console/products/" + product + "/edit");
            HtmlForm edit = form.getHtmlElementById("edit-form");
            edit.getInputByName("name").setValue("   ");
            edit.getTextAreaByName("description").setText("Typed words");
            HtmlPage blank = form.<HtmlButton>getHtmlElementById("save-product").click();
            assertEquals(400, blank.getWebResponse().getStatusCode(), blank.asNormalizedText());
            assertEquals("text/html", blank.getWebResponse().getContentType());
            assertEquals("must not be blank", blank.getHtmlElementById("error-name").asNormalizedText());
            assertTrue(blank.getHtmlElementById("form-errors").asNormalizedText().contains("Nothing was saved"));
            assertEquals("Typed words", blank.<HtmlForm>getHtmlElementById("edit-form").getTextAreaByName("description")
                    .getText(), "what was typed comes back");

            // Sent again from the page that came back: a NUL in the description is refused at its field, never a 500.
            HtmlForm again = blank.getHtmlElementById("edit-form");
            again.getInputByName("name").setValue(unique("Fine"));
            again.getTextAreaByName("description").setText("bad \u0000 byte");
            HtmlPage control = blank.<HtmlButton>getHtmlElementById("save-product").click();
            assertEquals(400, control.getWebResponse().getStatusCode(), control.asNormalizedText());
            assertTrue(control.getHtmlElementById("error-description").asNormalizedText().contains("control characters"),
                    control.asNormalizedText());
        }
        admin().get("/admin/v1/products/" + product).then()
                .body("name", equalTo(name)).body("description", equalTo("Kept words"));
    }

    @Test
    @TestSecurity(user = "pat", roles = "platform-admin")
    void a_name_longer_than_the_admin_api_allows_is_a_400_form_and_an_unknown_product_a_404_page() {
        String name = unique("Long");
        String product = create("/admin/v1/products", Map.of("name", name));
        String page = "/console/products/" + product;
        forgedPost(page, page + "/edit", "name", "x".repeat(201), "description", "").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("id=\"error-name\""))
                .body(containsString("x".repeat(201)));
        admin().get("/admin/v1/products/" + product).then().body("name", equalTo(name));
        String unknown = "/console/products/" + java.util.UUID.randomUUID();
        RestAssured.given().get(unknown + "/edit").then().statusCode(404).contentType(containsString("text/html"));
        forgedPost(page, unknown + "/delete").then().statusCode(404).contentType(containsString("text/html"));
    }

    @Test
    void an_admin_deletes_a_product_without_plans_after_a_confirmation_page() throws Exception {
        String apiName = unique("Deletable api");
        String api = create("/admin/v1/apis", Map.of("name", apiName, "lifecycle", "published",
                "routePath", "/" + unique("cd"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String name = unique("Deletable");
        String product = create("/admin/v1/products", Map.of("name", name));
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + api).then().statusCode(200);
        try (WebClient browser = open()) {
            HtmlPage detail = signIn(browser, base, "console/products/" + product);
            HtmlPage confirm = detail.<HtmlAnchor>getHtmlElementById("delete-product").click();
            assertEquals("/console/products/" + product + "/delete", confirm.getUrl().getPath());
            String text = confirm.asNormalizedText();
            assertTrue(text.contains("Delete product " + name + "?") && text.contains(apiName), text);
            admin().get("/admin/v1/products/" + product).then().statusCode(200);

            HtmlPage list = confirm.<HtmlButton>getHtmlElementById("confirm-delete").click();
            assertEquals(200, list.getWebResponse().getStatusCode(), list.asNormalizedText());
            assertEquals("/console/products", list.getUrl().getPath());
            assertFalse(list.getHtmlElementById("products").asNormalizedText().contains(name));
        }
        admin().get("/admin/v1/products/" + product).then().statusCode(404);
        admin().get("/admin/v1/apis/" + api).then().statusCode(200);
        admin().queryParam("entityId", product).get("/admin/v1/audit").then().statusCode(200)
                .body("items[0].action", equalTo("product.deleted"))
                .body("items[0].actorId", equalTo(ALICE_SUBJECT));
    }

    @Test
    void a_product_with_plans_says_on_its_delete_page_that_it_stays_and_what_to_do_instead() throws Exception {
        String api = create("/admin/v1/apis", Map.of("name", unique("Sold api"), "lifecycle", "published",
                "routePath", "/" + unique("cs"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String name = unique("Sold");
        String product = create("/admin/v1/products", Map.of("name", name));
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + api).then().statusCode(200);
        String plan = admin().body(Map.of("name", "Sold basic")).post("/admin/v1/products/" + product + "/plans")
                .then().statusCode(201).extract().path("id");
        try (WebClient browser = open()) {
            HtmlPage detail = signIn(browser, base, "console/products/" + product);
            HtmlPage page = detail.<HtmlAnchor>getHtmlElementById("delete-product").click();
            assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
            String text = page.asNormalizedText();
            assertTrue(text.contains(name + " cannot be deleted") && text.contains("1 plan(s)"), text);
            assertTrue(page.getHtmlElementById("blocking-plans").asNormalizedText().contains("Sold basic"), text);
            assertTrue(page.getFirstByXPath("//a[@href='/console/plans/" + plan + "']") != null, page.asXml());
            assertTrue(page.getHtmlElementById("what-to-do").asNormalizedText().contains("closed"), text);
            assertTrue(page.getElementsById("confirm-delete").isEmpty(), "no delete button for a product with plans");
        }
        admin().get("/admin/v1/products/" + product).then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "pat", roles = "platform-admin")
    void a_forged_delete_of_a_product_with_plans_is_the_409_page_naming_the_refusal_and_deletes_nothing() {
        String api = create("/admin/v1/apis", Map.of("name", unique("Forged api"), "lifecycle", "published",
                "routePath", "/" + unique("cf"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String product = create("/admin/v1/products", Map.of("name", unique("Forged")));
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + api).then().statusCode(200);
        admin().body(Map.of("name", "Forged basic")).post("/admin/v1/products/" + product + "/plans")
                .then().statusCode(201);
        String page = "/console/products/" + product;
        forgedPost(page, page + "/delete").then().statusCode(409).contentType(containsString("text/html"))
                .body(containsString("id=\"refusal\"")).body(containsString("cannot be deleted"))
                .body(containsString("Forged basic")).body(not(containsString("id=\"confirm-delete\"")));
        admin().get("/admin/v1/products/" + product).then().statusCode(200);
        String empty = create("/admin/v1/products", Map.of("name", unique("Forged empty")));
        forgedPost("/console/products/" + empty, "/console/products/" + empty + "/delete").then().statusCode(303)
                .header("Location", endsWith("/console/products"));
        forgedPost("/console/products/" + product, "/console/products/" + product + "/edit", "name", "Forged renamed",
                "description", "").then().statusCode(303).header("Location", endsWith("/console/products/" + product));
    }

    @Test
    @TestSecurity(user = "audrey", roles = "auditor")
    void an_auditor_reads_a_product_but_cannot_edit_or_delete_it() {
        assertReadsButCannotChange();
    }

    @Test
    @TestSecurity(user = "bill", roles = "billing-viewer")
    void a_billing_viewer_reads_a_product_but_cannot_edit_or_delete_it() {
        assertReadsButCannotChange();
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_edits_and_deletes_a_product_of_their_own_api_but_not_one_granting_someone_elses() {
        String own = create("/admin/v1/apis", Map.of("name", unique("Olga api"), "lifecycle", "published",
                "routePath", "/" + unique("co"), "upstreamUrl", "http://127.0.0.1:9/a", "ownerSubject", "olga"));
        String foreign = create("/admin/v1/apis", Map.of("name", unique("Other api"), "lifecycle", "published",
                "routePath", "/" + unique("cx"), "upstreamUrl", "http://127.0.0.1:9/a", "ownerSubject", "someone-else"));
        String mine = create("/admin/v1/products", Map.of("name", unique("Olga product")));
        admin().body(Map.of()).put("/admin/v1/products/" + mine + "/apis/" + own).then().statusCode(200);
        String theirsName = unique("Other product");
        String theirs = create("/admin/v1/products", Map.of("name", theirsName));
        admin().body(Map.of()).put("/admin/v1/products/" + theirs + "/apis/" + foreign).then().statusCode(200);

        String page = "/console/products/" + theirs;
        RestAssured.given().get(page).then().statusCode(200).body(not(containsString("id=\"edit-product\"")))
                .body(not(containsString("id=\"delete-product\"")));
        RestAssured.given().get(page + "/edit").then().statusCode(403).contentType(containsString("text/html"));
        RestAssured.given().get(page + "/delete").then().statusCode(403);
        forgedPost(page, page + "/edit", "name", "Taken over", "description", "").then().statusCode(403);
        forgedPost(page, page + "/edit", "name", "", "description", "").then().statusCode(403);
        forgedPost(page, page + "/delete").then().statusCode(403);
        admin().get("/admin/v1/products/" + theirs).then().statusCode(200).body("name", equalTo(theirsName));

        String minePage = "/console/products/" + mine;
        RestAssured.given().get(minePage).then().statusCode(200).body(containsString("id=\"edit-product\""));
        forgedPost(minePage, minePage + "/edit", "name", "Olga renamed", "description", "Hers").then().statusCode(303);
        admin().get("/admin/v1/products/" + mine).then().body("name", equalTo("Olga renamed"));
        admin().queryParam("entityId", mine).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("product.updated")).body("items[0].actorId", equalTo("olga"));
        forgedPost(minePage, minePage + "/delete").then().statusCode(303);
        admin().get("/admin/v1/products/" + mine).then().statusCode(404);
    }

    /** A product of one API with no plans: readable, no edit or delete link, forms and forged posts 403, unchanged. */
    private static void assertReadsButCannotChange() {
        String api = create("/admin/v1/apis", Map.of("name", unique("Read api"), "lifecycle", "published",
                "routePath", "/" + unique("cr"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String name = unique("Read only");
        String product = create("/admin/v1/products", Map.of("name", name));
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + api).then().statusCode(200);
        String page = "/console/products/" + product;
        RestAssured.given().get(page).then().statusCode(200).body(containsString(name))
                .body(not(containsString("id=\"edit-product\""))).body(not(containsString("id=\"delete-product\"")));
        RestAssured.given().get(page + "/edit").then().statusCode(403).contentType(containsString("text/html"));
        RestAssured.given().get(page + "/delete").then().statusCode(403).contentType(containsString("text/html"));
        forgedPost(page, page + "/edit", "name", "Changed", "description", "").then().statusCode(403);
        forgedPost(page, page + "/delete").then().statusCode(403);
        admin().get("/admin/v1/products/" + product).then().statusCode(200).body("name", equalTo(name));
    }

    /** The row names the product and its APIs, links the product's page, and its confirmations name the product. */
    private static void assertNamesTheProduct(org.htmlunit.html.HtmlElement row, String product, String name,
                                              String apis) {
        String text = row.asNormalizedText();
        assertTrue(text.contains(name) && text.contains("product of " + apis), text);
        assertTrue(row.getFirstByXPath(".//a[@href='/console/products/" + product + "']") != null, row.asXml());
        List<org.htmlunit.html.HtmlElement> confirms = row.getByXPath(".//button[@data-confirm]");
        assertTrue(!confirms.isEmpty(), row.asXml());
        for (org.htmlunit.html.HtmlElement b : confirms) {
            assertTrue(b.getAttribute("data-confirm").contains(" to the product " + name + "?"), b.getAttribute("data-confirm"));
        }
    }

    /** Chooses the API on the product page, ticks its first route and GET when {@code restricted}, saves. */
    private static HtmlPage grant(HtmlPage detail, String api, boolean restricted) throws Exception {
        HtmlSelect select = detail.getHtmlElementById("apiId");
        select.setSelectedAttribute(api, true);
        HtmlPage form = detail.<HtmlButton>getHtmlElementById("choose-api").click();
        assertEquals(200, form.getWebResponse().getStatusCode(), form.asNormalizedText());
        if (restricted) {
            form.getHtmlElementById("route-0").click();
            form.getHtmlElementById("method-GET").click();
        }
        HtmlPage saved = form.<HtmlButton>getHtmlElementById("save-grant").click();
        assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
        return saved;
    }
}
