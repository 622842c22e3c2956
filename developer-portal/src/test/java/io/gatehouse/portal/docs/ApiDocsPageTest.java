package io.gatehouse.portal.docs;

import io.gatehouse.portal.catalog.ManagementDouble;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Locale;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
class ApiDocsPageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void the_catalog_links_each_api_to_its_documentation_page() {
        given().get("/").then().statusCode(200).body(containsString("href=\"/apis/payments/v2\""));
    }

    @Test
    void the_page_lists_operations_grouped_by_tag_with_their_parameters_and_responses() throws Exception {
        HtmlPage page = open("/apis/payments/v2");
        assertEquals(200, page.getWebResponse().getStatusCode());

        DomElement charges = page.getElementById("tag-charges");
        assertNotNull(charges, "a section for the tag Charges");
        String chargesText = charges.asNormalizedText();
        assertTrue(chargesText.contains("GET /charges"), chargesText);
        assertTrue(chargesText.contains("POST /charges"), chargesText);
        assertTrue(chargesText.contains("List charges"), chargesText);
        assertTrue(chargesText.contains("Money in."), chargesText);
        assertFalse(chargesText.contains("/refunds"), "the refund operation is under its own tag");

        DomElement list = page.getElementById("tag-charges-op-get-charges");
        assertTrue(list.asNormalizedText().contains("limit\tquery\tinteger\toptional"), list.asNormalizedText());
        assertTrue(list.asNormalizedText().contains("example: 20"), list.asNormalizedText());
        assertTrue(list.asNormalizedText().contains("body\tarray of Charge"), list.asNormalizedText());

        String create = page.getElementById("tag-charges-op-post-charges").asNormalizedText();
        assertTrue(create.contains("Idempotency-Key\theader\tstring\trequired"), create);
        assertTrue(create.contains("Request body (required)"), create);
        assertTrue(create.contains("application/json"), create);
        assertTrue(create.contains("currency required\tstring: EUR | USD"), create);
        assertTrue(create.contains("last4\tstring"), create);
        assertTrue(create.contains("amount required\tinteger\tIn minor units."), create);
        assertTrue(create.contains("Charge (see above)"), "a recursive schema stops: " + create);
        assertTrue(create.contains("\"amount\" : 1250"), create);
        assertTrue(create.contains("201"), create);
        assertTrue(create.contains("402"), create);
        assertTrue(create.contains("The card was declined."), create);

        String refunds = page.getElementById("tag-refunds").asNormalizedText();
        assertTrue(refunds.contains("POST /charges/{chargeId}/refunds"), refunds);
        assertTrue(refunds.contains("chargeId\tpath\tstring (uuid)\trequired"), refunds);
        assertTrue(refunds.contains("The charge's id."), refunds);

        String auth = page.getElementById("authentication").asNormalizedText();
        assertTrue(auth.contains("X-Api-Key"), auth);
        assertTrue(auth.contains("API key in the header X-Api-Key"), auth);
        assertFalse(page.asNormalizedText().contains("https://api.example.com/payments"),
                "the document's servers name the upstream, not where partners call");
        assertEquals("http://127.0.0.1:8080/payments", page.getElementById("base-url").asNormalizedText(),
                "the default gateway URL and the API's route");
    }

    @Test
    void markdown_in_descriptions_is_rendered_with_only_basic_formatting_and_http_links() throws Exception {
        HtmlPage page = open("/apis/payments/v2");
        assertFalse(page.getByXPath("//strong[text()='safely']").isEmpty(), "bold survives");
        List<HtmlElement> guide = page.getByXPath("//a[@href='https://example.com/guide']");
        assertEquals(1, guide.size(), "the https link survives");
        assertTrue(guide.get(0).getAttribute("rel").contains("noopener"));
    }

    @Test
    void a_description_with_script_an_image_handler_and_javascript_links_renders_inert() throws Exception {
        HtmlPage page = open("/apis/payments/v2");
        assertEquals(0, page.getElementsByTagName("script").size(), "no script element");
        assertEquals(0, page.getElementsByTagName("img").size(), "no image");
        for (DomElement element : page.getDocumentElement().getDomElementDescendants()) {
            element.getAttributesMap().forEach((name, attribute) -> {
                assertFalse(name.toLowerCase(Locale.ROOT).startsWith("on"), "event attribute " + name + " on " + element);
                assertFalse(attribute.getValue().toLowerCase(Locale.ROOT).strip().startsWith("javascript:"),
                        name + "=" + attribute.getValue() + " on " + element);
            });
        }
        String html = page.getWebResponse().getContentAsString().toLowerCase(Locale.ROOT);
        assertFalse(html.matches("(?s).*(href|src|action)\\s*=\\s*\"?\\s*javascript:.*"), "no javascript: URL anywhere");
        assertFalse(html.contains("<script"), "no script tag anywhere");
        assertTrue(page.asNormalizedText().contains("click me"), "the link text stays, without its link");
    }

    @Test
    void an_api_without_a_document_shows_its_catalog_data_only() {
        given().get("/apis/ledger/v1").then().statusCode(200)
                .body(containsString("Old books."))
                .body(containsString("has no OpenAPI document yet"))
                .body(containsString("deprecated"))
                .body(not(containsString("<script>alert(1)")));
    }

    @Test
    void an_unparseable_document_gives_the_unavailable_page() {
        given().get("/apis/broken/v1").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("Its document is not OpenAPI."))
                .body(containsString("The documentation is unavailable"))
                .body(not(containsString("Exception")));
    }

    @Test
    void an_unknown_api_is_a_404_page() {
        given().get("/apis/nothing/v9").then().statusCode(404)
                .contentType(startsWith("text/html"))
                .body(containsString("Page not found"));
        given().get("/apis/payments/v1").then().statusCode(404).body(containsString("Page not found"));
    }

    @Test
    void an_api_management_no_longer_shows_is_a_404_page() {
        given().get("/apis/vanishing/v1").then().statusCode(404)
                .contentType(startsWith("text/html"))
                .body(containsString("Page not found"))
                .body(not(containsString("does not exist")));
    }

    private HtmlPage open(String path) throws Exception {
        try (WebClient browser = new WebClient()) {
            browser.getOptions().setJavaScriptEnabled(false);
            browser.getOptions().setCssEnabled(false);
            return browser.getPage(new URL(root, path));
        }
    }
}
