package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.newBrowser;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog's search box ({@code ?q=}) and tag links ({@code ?tag=}): plain GET forms and links, so a search is
 * an address to share, searched by the real management service.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class CatalogSearchPagesTest extends PortalPageTest {

    @Test
    void the_search_box_finds_apis_by_name_description_or_tag_and_the_search_stays_in_the_address() throws Exception {
        String word = unique("w");
        Api byName = api("Name " + word.toUpperCase(), "Nothing here.", List.of());
        Api byDescription = api(unique("Desc"), "All about " + word + ".", List.of());
        Api byTag = api(unique("Tag"), "Nothing here.", List.of(word));
        Api other = api(unique("Other"), "Nothing here.", List.of("unrelated"));

        HtmlPage home = browser.getPage(url(root, "/"));
        HtmlForm search = home.getHtmlElementById("catalog-search");
        assertEquals("get", search.getMethodAttribute().toLowerCase());
        search.getInputByName("q").setValue(word);
        HtmlPage found = ((HtmlButton) search.getFirstByXPath(".//button[@type='submit']")).click();

        assertEquals(200, found.getWebResponse().getStatusCode());
        assertEquals("q=" + word, found.getUrl().getQuery());
        assertEquals(List.of(byDescription.anchor(), byName.anchor(), byTag.anchor()).stream().sorted().toList(),
                listed(found).stream().sorted().toList());
        assertNull(found.getElementById(other.anchor()));
        assertTrue(found.getHtmlElementById("filter-summary").asNormalizedText().startsWith("3 APIs matching “" + word + "”"),
                found.getHtmlElementById("filter-summary").asNormalizedText());
        assertEquals(word, ((org.htmlunit.html.HtmlInput) found.getHtmlElementById("q")).getValue(), "the box keeps the words");

        HtmlPage shared = newBrowser().getPage(found.getUrl());
        assertEquals(listed(found), listed(shared), "the address alone shows the same result");
    }

    @Test
    void a_tag_link_filters_the_catalog_and_the_chosen_tags_link_shows_every_api_again() throws Exception {
        String tag = unique("t");
        Api one = api("Alpha " + tag, "x", List.of(tag, "shared"));
        Api two = api("Beta " + tag, "x", List.of("shared", tag));
        Api untagged = api("Gamma " + tag, "x", List.of("shared"));

        HtmlPage home = browser.getPage(url(root, "/"));
        HtmlAnchor chip = home.getHtmlElementById("tag-" + tag);
        assertEquals(tag + " (2)", chip.asNormalizedText());
        HtmlPage filtered = chip.click();

        assertEquals("tag=" + tag, filtered.getUrl().getQuery());
        assertEquals(List.of(one.anchor(), two.anchor()), listed(filtered));
        assertNull(filtered.getElementById(untagged.anchor()));
        HtmlAnchor active = filtered.getHtmlElementById("tag-" + tag);
        assertEquals("true", active.getAttribute("aria-current"));
        assertEquals("/", active.getHrefAttribute());
        assertTrue(filtered.getHtmlElementById("filter-summary").asNormalizedText().startsWith("2 APIs tagged " + tag),
                filtered.getHtmlElementById("filter-summary").asNormalizedText());

        HtmlAnchor cardTag = filtered.getFirstByXPath("//li[@id='" + one.anchor() + "']//a[@class='tag' and text()='shared']");
        assertEquals("/?tag=shared", cardTag.getHrefAttribute(), "an API's own tags are links too");
    }

    @Test
    void a_search_and_a_tag_combine_and_searching_again_keeps_the_tag() throws Exception {
        String tag = unique("t");
        String word = unique("w");
        Api match = api("Match " + word, "x", List.of(tag));
        Api wrongTag = api("Wrong tag " + word, "x", List.of("other"));
        Api wrongWord = api("Wrong word " + tag, "plain", List.of(tag));

        HtmlPage both = browser.getPage(url(root, "/?q=" + word + "&tag=" + tag));
        assertEquals(List.of(match.anchor()), listed(both));
        assertTrue(both.getHtmlElementById("filter-summary").asNormalizedText()
                .startsWith("1 API matching “" + word + "” tagged " + tag), both.getHtmlElementById("filter-summary").asNormalizedText());
        assertEquals("/?q=" + word, ((HtmlAnchor) both.getHtmlElementById("tag-" + tag)).getHrefAttribute(),
                "the chosen tag's link drops the tag and keeps the words");

        HtmlForm search = both.getHtmlElementById("catalog-search");
        search.getInputByName("q").setValue("Wrong");
        HtmlPage again = ((HtmlButton) search.getFirstByXPath(".//button[@type='submit']")).click();
        assertEquals("q=Wrong&tag=" + tag, again.getUrl().getQuery());
        assertEquals(List.of(wrongWord.anchor()), listed(again));
        assertNull(again.getElementById(wrongTag.anchor()));
    }

    @Test
    void a_search_that_finds_nothing_says_how_to_clear_it_or_browse_all_tags() throws Exception {
        String tag = unique("t");
        api("Somewhere " + tag, "x", List.of(tag));
        String nothing = unique("nothing");

        HtmlPage none = browser.getPage(url(root, "/?q=" + nothing + "&tag=" + tag));
        assertEquals(200, none.getWebResponse().getStatusCode());
        assertTrue(listed(none).isEmpty());
        String text = none.getHtmlElementById("no-match").asNormalizedText();
        assertTrue(text.contains("Nothing in the catalog matches this search and tag"), text);
        assertEquals("/?tag=" + tag, ((HtmlAnchor) none.getHtmlElementById("clear-search")).getHrefAttribute());
        assertEquals("/?q=" + nothing, ((HtmlAnchor) none.getHtmlElementById("clear-tag")).getHrefAttribute());
        assertEquals("/#tags", ((HtmlAnchor) none.getHtmlElementById("browse-tags")).getHrefAttribute());
        assertTrue(none.getHtmlElementById("filter-summary").asNormalizedText().startsWith("No API matching"),
                none.getHtmlElementById("filter-summary").asNormalizedText());

        HtmlPage cleared = ((HtmlAnchor) none.getHtmlElementById("clear-search")).click();
        assertEquals(1, listed(cleared).size(), cleared.asNormalizedText());

        HtmlPage unknownTag = browser.getPage(url(root, "/?tag=" + unique("nobody-has-this")));
        String only = unknownTag.getHtmlElementById("no-match").asNormalizedText();
        assertTrue(only.contains("matches this tag"), only);
        assertNull(unknownTag.getElementById("clear-search"), "no search to clear");
        assertNotNull(unknownTag.getElementById("clear-tag"));
    }

    @Test
    void an_over_long_or_odd_search_is_a_page_not_an_error() throws Exception {
        HtmlPage longOne = browser.getPage(url(root, "/?q=" + "x".repeat(300)));
        assertEquals(200, longOne.getWebResponse().getStatusCode(), longOne.asNormalizedText());
        assertNotNull(longOne.getElementById("no-match"));
        HtmlPage odd = browser.getPage(url(root, "/?q=%25_%5C%27&tag=Not%20A%20Tag!"));
        assertEquals(200, odd.getWebResponse().getStatusCode(), odd.asNormalizedText());
        assertNotNull(odd.getElementById("no-match"));
    }

    @Test
    void an_apis_page_links_its_tags_to_the_filtered_catalog() throws Exception {
        String tag = unique("t");
        Api api = api("Documented " + tag, "x", List.of(tag));
        HtmlPage page = browser.getPage(url(root, "/apis/" + api.slug() + "/v1"));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        HtmlAnchor link = page.getFirstByXPath("//p[@id='api-tags']/a");
        assertEquals("/?tag=" + tag, link.getHrefAttribute());
        assertEquals(List.of(api.anchor()), listed(link.click()));
    }

    private record Api(String slug) {
        String anchor() {
            return "api-" + slug + "-v1";
        }
    }

    private static Api api(String name, String description, List<String> tags) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "description", description, "lifecycle", "published",
                "routePath", "/" + unique("search"), "upstreamUrl", "http://127.0.0.1:9/base", "tags", tags));
        JsonPath created = admin().body(body).post("/admin/v1/apis").then().statusCode(201).extract().jsonPath();
        return new Api(created.getString("slug"));
    }

    /** The ids of the catalog's API cards, in the page's order. */
    private static List<String> listed(HtmlPage page) {
        List<String> ids = new ArrayList<>();
        for (Object li : page.getByXPath("//ul[@class='catalog']/li")) {
            ids.add(((DomElement) li).getId());
        }
        return ids;
    }
}
