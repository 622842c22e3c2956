package io.gatehouse.portal.session;

import io.gatehouse.portal.catalog.ManagementDouble;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CSRF tokens are bound to a server key and to the session: cookie tossing (an attacker who can set
 * the {@code gatehouse_csrf} cookie in the victim's browser) gains nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
class CsrfProtectionTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    /** What a browser with these cookies gets: its CSRF cookie (new or the one sent) and the form token of the page. */
    private record Form(String nonce, String token) {
    }

    private static Form formOf(String page, String session, String nonce) {
        var request = given().redirects().follow(false);
        if (session != null) {
            request = request.cookie("gatehouse_session", session);
        }
        if (nonce != null) {
            request = request.cookie("gatehouse_csrf", nonce);
        }
        Response r = request.get(page);
        Matcher m = TOKEN.matcher(r.asString());
        assertTrue(m.find(), "the page has a form: " + r.asString());
        String cookie = r.getCookie("gatehouse_csrf");
        return new Form(cookie != null ? cookie : nonce, m.group(1));
    }

    private static String session() {
        return ManagementDouble.SESSION_PREFIX + UUID.randomUUID();
    }

    private static Response logout(String session, String nonce, String token, Map<String, String> headers) {
        var request = given().redirects().follow(false).contentType(ContentType.URLENC).headers(headers);
        if (session != null) {
            request = request.cookie("gatehouse_session", session);
        }
        if (nonce != null) {
            request = request.cookie("gatehouse_csrf", nonce);
        }
        if (token != null) {
            request = request.formParam("csrf-token", token);
        }
        return request.post("/logout");
    }

    @Test
    void a_form_sent_from_its_page_with_its_cookie_and_token_is_accepted() {
        String session = session();
        Form form = formOf("/logout", session, null);
        logout(session, form.nonce(), form.token(), Map.of()).then().statusCode(303)
                .header("Location", "/login?signedOut=1");
    }

    @Test
    void a_cookie_and_token_pair_the_attacker_made_up_is_refused() {
        String session = session();
        String madeUp = "A".repeat(43);
        logout(session, madeUp, madeUp, Map.of()).then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("This form cannot be sent"));
        logout(session, "forged", "forged", Map.of()).then().statusCode(400);
    }

    @Test
    void a_genuine_pair_the_attacker_got_signed_out_does_not_work_with_the_victims_session() {
        Form attackers = formOf("/login", null, null);
        logout(null, attackers.nonce(), attackers.token(), Map.of()).then().statusCode(303);
        // tossed into the victim's browser, next to the victim's session cookie:
        logout(session(), attackers.nonce(), attackers.token(), Map.of()).then().statusCode(400);
    }

    @Test
    void a_token_of_one_session_does_not_work_for_another() {
        String mine = session();
        Form form = formOf("/logout", mine, null);
        logout(session(), form.nonce(), form.token(), Map.of()).then().statusCode(400);
    }

    @Test
    void a_post_without_cookie_or_without_token_is_refused() {
        String session = session();
        Form form = formOf("/logout", session, null);
        logout(session, null, form.token(), Map.of()).then().statusCode(400);
        logout(session, form.nonce(), null, Map.of()).then().statusCode(400);
    }

    @Test
    void a_browser_saying_the_form_comes_from_another_site_is_refused_even_with_a_valid_token() {
        String session = session();
        Form form = formOf("/logout", session, null);
        logout(session, form.nonce(), form.token(), Map.of("Sec-Fetch-Site", "cross-site")).then().statusCode(400);
        logout(session, form.nonce(), form.token(), Map.of("Sec-Fetch-Site", "same-site")).then().statusCode(400);
        logout(session, form.nonce(), form.token(), Map.of("Sec-Fetch-Site", "same-origin")).then().statusCode(303);
    }

    @Test
    void the_csrf_cookie_is_http_only_same_site_strict_for_the_whole_site_and_kept_while_valid() {
        Response first = given().get("/login");
        String setCookie = first.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gatehouse_csrf=")).findFirst().orElse(null);
        assertNotNull(setCookie, "a first visit gets a CSRF cookie");
        String lower = setCookie.toLowerCase();
        assertTrue(lower.contains("httponly"), setCookie);
        assertTrue(lower.contains("samesite=strict"), setCookie);
        assertTrue(lower.contains("path=/"), setCookie);
        String nonce = first.getCookie("gatehouse_csrf");
        given().cookie("gatehouse_csrf", nonce).get("/login").then().statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        // a malformed cookie is replaced, not trusted
        String replaced = given().cookie("gatehouse_csrf", "x").get("/login").getCookie("gatehouse_csrf");
        assertNotNull(replaced);
        assertTrue(replaced.length() == 43 && !replaced.equals(nonce), replaced);
    }

    @Test
    void the_form_token_is_not_the_cookie_value() {
        Form form = formOf("/login", null, null);
        assertTrue(!form.token().equals(form.nonce()), "the token is an HMAC, not a copy of the cookie");
        given().cookie("gatehouse_csrf", form.nonce()).get("/login").then()
                .body(containsString("value=\"" + form.token() + "\""), org.hamcrest.Matchers.not(containsString(form.nonce())));
        given().get("/login").then().body(org.hamcrest.Matchers.not(containsString(form.token())));
    }
}
