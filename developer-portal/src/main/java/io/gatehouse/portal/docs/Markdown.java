package io.gatehouse.portal.docs;

import io.quarkus.qute.RawString;
import jakarta.enterprise.context.ApplicationScoped;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import java.util.Set;

/**
 * Turns a CommonMark text (an API's description in the catalog or its OpenAPI document, a guide)
 * into HTML that is safe to put in a page: rendered by commonmark-java with raw HTML switched off
 * (its tags are dropped, their text kept), then passed through the OWASP sanitizer, which keeps
 * only basic formatting and links to {@code http}, {@code https}, {@code mailto} and relative
 * addresses. Everything else (script, style, images, event attributes, other URL schemes) is
 * dropped, so a hostile document renders inert.
 */
@ApplicationScoped
public class Markdown {

    /** A description longer than this is cut: a document is untrusted and rendering is not free. */
    static final int MAX_LENGTH = 20_000;

    private static final PolicyFactory BASIC_FORMATTING = new HtmlPolicyBuilder()
            .allowElements("p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote",
                    "ul", "ol", "li", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .toFactory();

    /** Guides are whole pages: the same policy plus the two top heading levels. */
    private static final PolicyFactory GUIDE_FORMATTING = BASIC_FORMATTING.and(new HtmlPolicyBuilder()
            .allowElements("h1", "h2").toFactory());

    /** A guide longer than this is cut; management stores at most 200 000 characters. */
    static final int MAX_GUIDE_LENGTH = 200_000;

    private final Parser parser = Parser.builder().build();
    // No sanitizeUrls here: it turns a javascript: link into href="", which the policy keeps as a
    // link to the page itself. Left alone, the policy drops the href and with it the link.
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .nodeRendererFactory(context -> new RawHtmlDropped())
            .build();

    /** @return sanitized HTML, or null for a missing or blank text */
    public RawString toHtml(String commonMark) {
        if (commonMark == null || commonMark.isBlank()) {
            return null;
        }
        String text = commonMark.length() > MAX_LENGTH ? commonMark.substring(0, MAX_LENGTH) + "…" : commonMark;
        return new RawString(BASIC_FORMATTING.sanitize(renderer.render(parser.parse(text))));
    }

    /** A guide page's markdown as sanitized HTML (never null). */
    public RawString guideToHtml(String commonMark) {
        String text = commonMark == null ? "" : commonMark;
        text = text.length() > MAX_GUIDE_LENGTH ? text.substring(0, MAX_GUIDE_LENGTH) + "…" : text;
        return new RawString(GUIDE_FORMATTING.sanitize(renderer.render(parser.parse(text))));
    }

    /**
     * Renders raw HTML blocks and inline tags as nothing. Escaping them instead would print
     * a hostile {@code <a href="javascript:…">} as text in the page, which reads as broken.
     */
    private static final class RawHtmlDropped implements NodeRenderer {
        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(HtmlBlock.class, HtmlInline.class);
        }

        @Override
        public void render(Node node) {
        }
    }
}
