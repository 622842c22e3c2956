package io.gatehouse.portal.docs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownTest {

    private final Markdown markdown = new Markdown();

    private String html(String commonMark) {
        return markdown.toHtml(commonMark).getValue();
    }

    @Test
    void double_asterisks_render_as_strong() {
        assertEquals("<p>Try the <strong>demo echo</strong>.</p>", html("Try the **demo echo**.").strip());
    }

    @Test
    void a_script_block_renders_as_nothing() {
        String html = html("Before.\n\n<script>alert(1)</script>\n\nAfter.");
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("alert"), html);
        assertTrue(html.contains("Before.") && html.contains("After."), html);
    }

    @Test
    void inline_html_tags_are_dropped_and_their_text_kept() {
        String html = html("a <span onclick=\"alert(1)\">b</span> <img src=x onerror=alert(2)> c");
        assertFalse(html.contains("<span") || html.contains("<img") || html.contains("onclick") || html.contains("onerror"), html);
        assertTrue(html.contains("a b"), html);
    }

    @Test
    void a_javascript_link_keeps_its_text_without_its_link() {
        String html = html("[x](javascript:alert(1))");
        assertFalse(html.toLowerCase().contains("javascript"), html);
        assertFalse(html.contains("<a"), html);
        assertTrue(html.contains("x"), html);
    }

    @Test
    void data_and_vbscript_links_are_dropped() {
        String html = html("[a](data:text/html;base64,PHNjcmlwdD4=) [b](vbscript:msgbox) [c](JaVaScRiPt:alert(1))");
        assertFalse(html.contains("<a"), html);
    }

    @Test
    void http_https_mailto_and_relative_links_survive_with_safe_rels() {
        String html = html("[a](http://example.com/a) [b](https://example.com/b) [c](mailto:api@example.com) [d](/apis/payments/v2) [e](guides/start)");
        // The sanitizer writes @ as &#64;, which the browser reads back as @.
        for (String href : new String[] {"http://example.com/a", "https://example.com/b", "mailto:api&#64;example.com",
                "/apis/payments/v2", "guides/start"}) {
            assertTrue(html.contains("href=\"" + href + "\""), href + " in " + html);
        }
        for (String rel : new String[] {"nofollow", "noopener", "noreferrer"}) {
            assertTrue(html.matches("(?s).*rel=\"[^\"]*" + rel + "[^\"]*\".*"), rel + " in " + html);
        }
    }

    @Test
    void a_blank_description_renders_as_nothing() {
        assertNull(markdown.toHtml("  "));
        assertNull(markdown.toHtml(null));
    }

    @Test
    void a_guide_keeps_its_top_headings_and_drops_the_same_hostile_markup() {
        String html = markdown.guideToHtml("# Start\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))").getValue();
        assertTrue(html.contains("<h1>Start</h1>"), html);
        assertFalse(html.contains("<script") || html.toLowerCase().contains("javascript"), html);
    }
}
