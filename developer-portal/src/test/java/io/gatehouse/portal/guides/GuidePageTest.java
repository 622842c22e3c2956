package io.gatehouse.portal.guides;

import io.gatehouse.portal.catalog.ManagementDouble;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
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
class GuidePageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void the_api_page_lists_its_guides_in_order_with_links() throws Exception {
        HtmlPage page = open("/apis/payments/v2");
        DomElement guides = page.getElementById("guides");
        assertNotNull(guides, "a guides section");
        List<HtmlAnchor> links = guides.getByXPath(".//a");
        assertEquals(2, links.size());
        assertEquals("/apis/payments/v2/guides/getting-started", links.get(0).getHrefAttribute());
        assertEquals("Getting started", links.get(0).asNormalizedText());
        assertEquals("Hostile <b>guide</b>", links.get(1).asNormalizedText(), "titles are escaped text");
    }

    @Test
    void an_api_without_guides_has_no_guides_section() {
        given().get("/apis/ledger/v1").then().statusCode(200).body(not(containsString("id=\"guides\"")));
    }

    @Test
    void a_guide_renders_its_markdown_with_headings_emphasis_code_and_http_links() throws Exception {
        HtmlPage page = open("/apis/payments/v2/guides/getting-started");
        assertEquals(200, page.getWebResponse().getStatusCode());
        DomElement guide = page.getElementById("guide");
        assertFalse(guide.getByXPath(".//h1[text()='Getting started']").isEmpty(), guide.asXml());
        assertFalse(guide.getByXPath(".//h2[text()='Errors']").isEmpty(), guide.asXml());
        assertFalse(guide.getByXPath(".//strong[text()='application']").isEmpty());
        assertFalse(guide.getByXPath(".//code[text()='application/problem+json']").isEmpty());
        List<HtmlAnchor> links = guide.getByXPath(".//a[@href='https://example.com/ref']");
        assertEquals(1, links.size());
        assertTrue(links.get(0).getAttribute("rel").contains("noopener"));
        assertTrue(page.asNormalizedText().contains("Payments v2"), "the way back to the API");
    }

    @Test
    void a_guide_with_script_an_image_handler_and_javascript_links_renders_inert() throws Exception {
        HtmlPage page = open("/apis/payments/v2/guides/hostile");
        assertEquals(200, page.getWebResponse().getStatusCode());
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
        assertFalse(html.contains("<script"), "no script tag anywhere");
        assertFalse(html.contains("javascript:"), "no javascript: URL anywhere");
        assertFalse(html.contains("onerror"), "no event handler anywhere");
        assertTrue(page.asNormalizedText().contains("click me"), "the link text stays, without its link");
        assertTrue(page.asNormalizedText().contains("Hostile <b>guide</b>"), "the title is text");
        assertFalse(page.getElementById("guide").getByXPath(".//h2[text()='Careful']").isEmpty());
    }

    @Test
    void an_unknown_guide_is_the_404_page() {
        given().get("/apis/payments/v2/guides/nothing").then().statusCode(404)
                .contentType(startsWith("text/html")).body(containsString("Page not found"));
    }

    @Test
    void a_guide_of_an_api_the_catalog_does_not_list_is_the_404_page() {
        given().get("/apis/payments/v1/guides/getting-started").then().statusCode(404)
                .body(containsString("Page not found"));
        given().get("/apis/vanishing/v1/guides/getting-started").then().statusCode(404)
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
