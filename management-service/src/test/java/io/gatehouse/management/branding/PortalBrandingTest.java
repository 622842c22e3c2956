package io.gatehouse.management.branding;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PortalBrandingTest {

    static final byte[] PNG = image(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R');
    static final byte[] JPEG = image(0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0);
    static final byte[] WEBP = image('R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ');
    static final byte[] SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
            .getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void back_to_the_defaults() {
        admin().body(Map.of()).put("/admin/v1/portal/branding").then().statusCode(200);
        admin().delete("/admin/v1/portal/branding/logo").then().statusCode(204);
    }

    @Test
    void settings_are_replaced_read_back_by_admin_and_portal_and_every_change_is_audited_with_a_new_version() {
        long before = admin().get("/admin/v1/portal/branding").then().statusCode(200).extract().jsonPath().getLong("version");
        long version = admin().body(settings("  Acme APIs  ", "#A1B2C3",
                        List.of(link("Status", "https://status.acme.example/"), link("Terms", "/terms")), "h1 { color: red; }"))
                .put("/admin/v1/portal/branding").then().statusCode(200)
                .body("portalName", equalTo("Acme APIs"))
                .body("primaryColour", equalTo("#a1b2c3"))
                .body("footerLinks.label", contains("Status", "Terms"))
                .body("stylesheet", equalTo("h1 { color: red; }"))
                .body("logo", nullValue())
                .extract().jsonPath().getLong("version");
        assertEquals(true, version > before, "the version rises with every change");

        admin().get("/admin/v1/portal/branding").then().statusCode(200)
                .body("portalName", equalTo("Acme APIs"))
                .body("footerLinks.url", contains("https://status.acme.example/", "/terms"));
        given().accept(ContentType.JSON).get("/developer/v1/portal/branding").then().statusCode(200)
                .body("portalName", equalTo("Acme APIs"))
                .body("primaryColour", equalTo("#a1b2c3"))
                .body("footerLinks.label", contains("Status", "Terms"))
                .body("stylesheet", equalTo(true))
                .body("logo", equalTo(false))
                .body("version", equalTo((int) version));
        given().get("/developer/v1/portal/branding/stylesheet").then().statusCode(200)
                .contentType(startsWith("text/css"))
                .body(equalTo("h1 { color: red; }"));

        admin().queryParam("entityType", "portal-branding").get("/admin/v1/audit").then().statusCode(200)
                .body("items[0].action", equalTo("portal-branding.replaced"))
                .body("items[0].actorId", equalTo("bootstrap-admin"))
                .body("items[0].after.portalName", equalTo("Acme APIs"))
                .body("items[0].after.primaryColour", equalTo("#a1b2c3"));

        admin().body(Map.of()).put("/admin/v1/portal/branding").then().statusCode(200)
                .body("portalName", nullValue()).body("primaryColour", nullValue()).body("stylesheet", nullValue());
        given().get("/developer/v1/portal/branding/stylesheet").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void a_colour_that_is_not_rrggbb_is_refused_naming_the_field_and_nothing_changes() {
        long version = currentVersion();
        for (String colour : List.of("red", "#fff", "#12345g", "#1234567", "red;}</style><script>alert(1)</script>",
                "#123456;background:url(https://evil.example)", "")) {
            refused(settings(null, colour, List.of(), null), "primaryColour");
        }
        assertEquals(version, currentVersion());
    }

    @Test
    void footer_links_to_scripts_other_schemes_or_protocol_relative_hosts_are_refused() {
        for (String url : List.of("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
                "vbscript:x", "//evil.example/path", "/\\evil.example", "https://user:pw@evil.example/", "https:///nohost",
                "ftp://files.example/", "relative/path", "https://a.example/ spaced", " ")) {
            refused(settings(null, null, List.of(link("Label", url)), null), "footerLinks[0].url");
        }
        // A control character is refused while the JSON is read, which names list items its own way.
        refused(settings(null, null, List.of(link("Label", "/a\u0000b")), null), "footerLinks.[0].url");
        refused(settings(null, null, List.of(link("", "/terms")), null), "footerLinks[0].label");
        refused(settings(null, null, List.of(link("x".repeat(BrandingRequests.MAX_LABEL + 1), "/terms")), null),
                "footerLinks[0].label");
        refused(settings(null, null, List.of(link("Two\nlines", "/terms")), null), "footerLinks[0].label");
        List<Map<String, String>> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> link("L" + i, "/p" + i)).toList();
        refused(settings(null, null, eleven, null), "footerLinks");
    }

    @Test
    void a_name_too_long_blank_or_on_two_lines_and_a_stylesheet_over_64_kib_are_refused() {
        refused(settings("n".repeat(BrandingRequests.MAX_NAME + 1), null, List.of(), null), "portalName");
        refused(settings("   ", null, List.of(), null), "portalName");
        refused(settings("Acme\n<h1>", null, List.of(), null), "portalName");
        refused(settings(null, null, List.of(), "a".repeat(BrandingRequests.MAX_STYLESHEET_BYTES + 1)), "stylesheet");
        // Characters are not bytes: 32 Ki two-byte characters are 64 KiB, one more is over.
        refused(settings(null, null, List.of(), "é".repeat(BrandingRequests.MAX_STYLESHEET_BYTES / 2 + 1)), "stylesheet");
        admin().body(settings(null, null, List.of(), "é".repeat(BrandingRequests.MAX_STYLESHEET_BYTES / 2)))
                .put("/admin/v1/portal/branding").then().statusCode(200);
    }

    @Test
    void a_name_with_markup_is_kept_as_text_for_the_portal_to_escape() {
        admin().body(settings("<script>alert(1)</script>", null, List.of(), null)).put("/admin/v1/portal/branding")
                .then().statusCode(200);
        given().get("/developer/v1/portal/branding").then().body("portalName", equalTo("<script>alert(1)</script>"));
    }

    @Test
    void a_logo_is_stored_with_the_type_its_bytes_have_whatever_the_request_declares() {
        for (Map.Entry<String, byte[]> image : Map.of("image/png", PNG, "image/jpeg", JPEG, "image/webp", WEBP).entrySet()) {
            long version = currentVersion();
            long after = admin().contentType("application/octet-stream").body(image.getValue())
                    .put("/admin/v1/portal/branding/logo").then().statusCode(200)
                    .body("logo.contentType", equalTo(image.getKey()))
                    .body("logo.bytes", equalTo(image.getValue().length))
                    .extract().jsonPath().getLong("version");
            assertEquals(true, after > version);
            byte[] served = given().get("/developer/v1/portal/branding/logo").then().statusCode(200)
                    .contentType(equalTo(image.getKey()))
                    .extract().asByteArray();
            assertArrayEquals(image.getValue(), served);
            given().get("/developer/v1/portal/branding").then().body("logo", equalTo(true));
        }
        admin().contentType("image/png").body(JPEG).put("/admin/v1/portal/branding/logo").then().statusCode(200)
                .body("logo.contentType", equalTo("image/jpeg"));

        admin().delete("/admin/v1/portal/branding/logo").then().statusCode(204);
        given().get("/developer/v1/portal/branding/logo").then().statusCode(404)
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
        given().get("/developer/v1/portal/branding").then().body("logo", equalTo(false));
        admin().queryParam("entityType", "portal-branding").get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("portal-branding.logo-deleted"))
                .body("items[0].before.logo.contentType", equalTo("image/jpeg"))
                .body("items.action", hasItem("portal-branding.logo-replaced"));
    }

    @Test
    void an_svg_or_other_file_as_logo_is_refused_as_unsupported_even_when_declared_an_image() {
        long version = currentVersion();
        for (String declared : List.of("image/svg+xml", "image/png", "text/html")) {
            admin().contentType(declared).body(SVG).put("/admin/v1/portal/branding/logo").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:gatehouse:problem:logo-unsupported"));
        }
        admin().contentType("image/gif").body("GIF89a....".getBytes(StandardCharsets.US_ASCII))
                .put("/admin/v1/portal/branding/logo").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:logo-unsupported"));
        admin().contentType("image/png").body(new byte[0]).put("/admin/v1/portal/branding/logo").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:logo-unsupported"));
        assertEquals(version, currentVersion());
    }

    @Test
    void a_logo_over_256_kib_is_refused_as_too_large_and_one_of_exactly_256_kib_is_taken() {
        byte[] big = Arrays.copyOf(PNG, LogoImage.MAX_BYTES + 1);
        admin().contentType("image/png").body(big).put("/admin/v1/portal/branding/logo").then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:logo-too-large"));
        admin().contentType("image/png").body(Arrays.copyOf(PNG, LogoImage.MAX_BYTES))
                .put("/admin/v1/portal/branding/logo").then().statusCode(200)
                .body("logo.bytes", equalTo(LogoImage.MAX_BYTES));
    }

    @Test
    void every_admin_role_reads_the_branding_and_only_a_platform_admin_changes_it() {
        String auditor = OidcWiremockTestResource.generateJwtToken("aud", Set.of("auditor"), "aud-1", "Bearer");
        String owner = OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), "owner-1", "Bearer");
        for (String token : List.of(auditor, owner)) {
            as(token).get("/admin/v1/portal/branding").then().statusCode(200);
            as(token).body(settings("Mine", null, List.of(), null)).put("/admin/v1/portal/branding").then().statusCode(403)
                    .contentType(startsWith("application/problem+json"));
            as(token).contentType("image/png").body(PNG).put("/admin/v1/portal/branding/logo").then().statusCode(403);
            as(token).delete("/admin/v1/portal/branding/logo").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(settings("Anon", null, List.of(), null))
                .put("/admin/v1/portal/branding").then().statusCode(401);
    }

    @Test
    void the_logo_sniffing_reads_magic_bytes_only() {
        assertEquals("image/png", LogoImage.sniff(PNG));
        assertEquals("image/jpeg", LogoImage.sniff(JPEG));
        assertEquals("image/webp", LogoImage.sniff(WEBP));
        assertEquals(null, LogoImage.sniff(SVG));
        assertEquals(null, LogoImage.sniff(image('R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E')));
        assertEquals(null, LogoImage.sniff(image(0x89, 'P', 'N')));
    }

    private static long currentVersion() {
        return admin().get("/admin/v1/portal/branding").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private static void refused(Map<String, Object> body, String field) {
        admin().body(body).put("/admin/v1/portal/branding").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", hasItem(field));
    }

    static Map<String, Object> settings(String name, String colour, List<Map<String, String>> links, String stylesheet) {
        Map<String, Object> body = new HashMap<>();
        body.put("portalName", name);
        body.put("primaryColour", colour);
        body.put("footerLinks", links);
        body.put("stylesheet", stylesheet);
        return body;
    }

    static Map<String, String> link(String label, String url) {
        return Map.of("label", label, "url", url);
    }

    private static byte[] image(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    private static RequestSpecification admin() {
        return as("test-admin-token");
    }

    private static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }
}
