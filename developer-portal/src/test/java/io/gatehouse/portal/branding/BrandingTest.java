package io.gatehouse.portal.branding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the portal makes of the settings management sends, whatever they are (no I/O). */
class BrandingTest {

    @Test
    void the_theme_stylesheet_sets_the_primary_property_from_the_colour() {
        Branding b = Branding.of(settings("Acme", "#0A7F3F", List.of()), null, null, null);
        assertEquals(":root { --primary: #0a7f3f; }\n", b.themeCss());
        assertEquals(":root { --primary: #2457d6; }\n", Branding.DEFAULTS.themeCss());
    }

    @Test
    void a_colour_that_is_not_rrggbb_never_reaches_the_stylesheet() {
        for (String colour : List.of("red;}</style><script>alert(1)</script>", "#123456; background: url(//x)",
                "#12345", "expression(alert(1))", "#12345g", "")) {
            assertEquals(":root { --primary: #2457d6; }\n",
                    Branding.of(settings(null, colour, List.of()), null, null, null).themeCss(), colour);
        }
        assertEquals(Branding.DEFAULT_COLOUR, Branding.of(settings(null, null, List.of()), null, null, null).colour());
    }

    @Test
    void footer_links_to_scripts_data_or_other_hosts_by_protocol_relative_urls_are_left_out() {
        List<BrandingSettings.FooterLink> links = List.of(
                link("Status", "https://status.example.com/"),
                link("Bad", "javascript:alert(1)"),
                link("Bad", " javascript:alert(1)"),
                link("Bad", "data:text/html,<script>alert(1)</script>"),
                link("Bad", "//evil.example/"),
                link("Bad", "/\\evil.example"),
                link("Bad", "https://user@evil.example/"),
                link("", "/empty-label"),
                link("Terms", "/terms"),
                link("Docs", "http://docs.example.com/a?b=c#d"));
        Branding b = Branding.of(settings(null, null, links), null, null, null);
        assertEquals(List.of(new Branding.Link("Status", "https://status.example.com/"), new Branding.Link("Terms", "/terms"),
                new Branding.Link("Docs", "http://docs.example.com/a?b=c#d")), b.links());
    }

    @Test
    void more_than_ten_links_are_cut_and_a_long_name_is_shortened() {
        List<BrandingSettings.FooterLink> many = java.util.stream.IntStream.range(0, 15)
                .mapToObj(i -> link("L" + i, "/p" + i)).toList();
        Branding b = Branding.of(settings("n".repeat(200), null, many), null, null, null);
        assertEquals(Branding.MAX_LINKS, b.links().size());
        assertEquals(Branding.MAX_NAME, b.name().length());
    }

    @Test
    void a_logo_of_another_type_than_png_jpeg_or_webp_is_not_served() {
        byte[] svg = "<svg/>".getBytes();
        assertNull(Branding.of(settings(null, null, List.of()), svg, "image/svg+xml", null).logo());
        assertNull(Branding.of(settings(null, null, List.of()), svg, "text/html", null).logo());
        assertEquals("image/webp", Branding.of(settings(null, null, List.of()), new byte[] {1}, "image/webp", null).logoType());
    }

    @Test
    void the_asset_tag_changes_with_the_files_even_when_a_version_number_comes_round_again() {
        Branding red = Branding.of(new BrandingSettings(null, "#ff0000", List.of(), false, false, 3), null, null, null);
        Branding blue = Branding.of(new BrandingSettings(null, "#0000ff", List.of(), false, false, 3), null, null, null);
        assertNotEquals(red.tag(), blue.tag());
        assertEquals(red.tag(), Branding.of(new BrandingSettings("Other name", "#ff0000", List.of(), false, false, 3),
                null, null, null).tag());
    }

    static BrandingSettings settings(String name, String colour, List<BrandingSettings.FooterLink> links) {
        return new BrandingSettings(name, colour, links, false, false, 1);
    }

    static BrandingSettings.FooterLink link(String label, String url) {
        return new BrandingSettings.FooterLink(label, url);
    }
}
