package io.gatehouse.portal.layout;

import io.gatehouse.portal.catalog.ManagementDouble;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile or mistaken requests get a page a person understands with the right status, never a 500
 * or a stack trace; and redirects never take the Host header a client chose.
 */
@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
class BadInputPagesTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @ParameterizedTest(name = "{0} {1} answers {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "PUT    | /login                                  | 405 | This address does not take that",
            "DELETE | /signup                                 | 405 | This address does not take that",
            "PATCH  | /logout                                 | 405 | This address does not take that",
            "GET    | /applications/00000000-0000-0000-0000-000000000001/keys          | 405 | This address does not take that",
            "GET    | /applications/00000000-0000-0000-0000-000000000001/subscriptions | 405 | This address does not take that",
            "GET    | /applications/00000000-0000-0000-0000-000000000001/settings      | 405 | This address does not take that",
            "GET    | /applications/00000000-0000-0000-0000-000000000001/keys/00000000-0000-0000-0000-000000000002/rotate | 405 | This address does not take that",
            "PUT    | /applications/00000000-0000-0000-0000-000000000001/keys/00000000-0000-0000-0000-000000000002/revoke | 405 | This address does not take that",
            "GET    | /organization/invitations               | 405 | This address does not take that",
    })
    void a_method_the_address_does_not_take_gets_a_405_page(String method, String path, int status, String words) {
        given().redirects().follow(false).request(method, path).then().statusCode(status)
                .contentType(containsString("text/html"))
                .header("Allow", containsString("POST"))
                .body(allOf(containsString(words), not(containsString("Exception")), not(containsString("at io."))));
    }

    @ParameterizedTest(name = "{0} sent to {1} answers 415")
    @CsvSource(delimiter = '|', value = {
            "application/json | /login  | {\"email\":\"a@example.com\",\"password\":\"x\"}",
            "application/json | /signup | {}",
            "text/plain       | /login  | email=a@example.com",
            "application/xml  | /applications | <a/>",
    })
    void a_body_type_no_form_sends_gets_a_415_page(String type, String path, String body) {
        given().redirects().follow(false).contentType(type).body(body).post(path).then().statusCode(415)
                .contentType(containsString("text/html"))
                .body(allOf(containsString("This form was not sent as a form"), not(containsString("Exception"))));
    }

    @Test
    void a_get_on_the_try_it_console_goes_to_the_apis_page() {
        given().redirects().follow(false).header("Host", "evil.example").get("/apis/payments/v2/try").then()
                .statusCode(303).header("Location", equalTo("/apis/payments/v2"));
        given().urlEncodingEnabled(false).redirects().follow(false).get("/apis/pay%2F%2Fevil.example/v2/try").then()
                .statusCode(303).header("Location", equalTo("/apis/pay%2F%2Fevil.example/v2"));
    }

    @Test
    void a_nul_in_the_login_email_gets_a_400_page_in_words() {
        Form form = form("/login");
        form.post("/login").formParam("email", "ada\u0000@example.com").formParam("password", "correct horse battery")
                .post("/login").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("NUL character"));
    }

    @Test
    void a_weak_password_at_sign_up_is_refused_with_the_reason_and_the_form_kept() {
        Form form = form("/signup");
        form.post("/signup").formParam("name", "Ada Lovelace").formParam("email", "ada@example.com")
                .formParam("company", "Analytical").formParam("password", "password123")
                .post("/signup").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("This password is too easy to guess: This is a very common password."))
                .body(containsString("value=\"ada@example.com\""));
        form("/signup").post("/signup").formParam("name", "Ada Lovelace").formParam("email", "ada@example.com")
                .formParam("company", "Analytical").formParam("password", "aaaaaaaaaa")
                .post("/signup").then().statusCode(400).body(containsString("too easy to guess"));
    }

    @Test
    void a_weak_new_password_from_a_reset_link_is_refused_with_the_reason() {
        form("/reset-password/confirm?token=gdt_x").post("/reset-password/confirm").formParam("token", "gdt_x")
                .formParam("password", "qwertyuiop").post("/reset-password/confirm").then().statusCode(400)
                .body(containsString("This password is too easy to guess: This is a top-100 common password."));
    }

    @Test
    void a_redirect_to_the_login_page_is_relative_whatever_the_host_header_says() {
        given().redirects().follow(false).header("Host", "evil.example").get("/dashboard").then().statusCode(303)
                .header("Location", equalTo("/login"));
        given().redirects().follow(false).header("Host", "evil.example")
                .cookie("gatehouse_session", "gds_not_accepted").get("/dashboard").then().statusCode(303)
                .header("Location", equalTo("/login?expired=1"));
    }

    @Test
    void a_form_post_answers_303_with_a_relative_location_whatever_the_host_header_says() {
        Form form = form("/logout");
        form.post("/logout").header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .post("/logout").then().statusCode(303).header("Location", equalTo("/login?signedOut=1"));
    }

    @ParameterizedTest(name = "GET {0} shows {1}")
    @CsvSource(delimiter = '|', value = {
            "/signup/sent         | Check your mail",
            "/verify/done         | Email verified",
            "/reset-password/sent | Check your mail",
            "/reset-password/done | Password changed",
            "/organization/left   | You left the organization",
    })
    void the_pages_forms_redirect_to_are_plain_gets(String path, String words) {
        given().get(path).then().statusCode(200).body(containsString(words));
    }

    /** A browser that opened a page with a form: its CSRF cookie and the form's token. */
    private record Form(String nonce, String token) {
        RequestSpecification post(String path) {
            return given().redirects().follow(false).contentType(ContentType.URLENC)
                    .cookie("gatehouse_csrf", nonce).formParam("csrf-token", token);
        }
    }

    private static Form form(String page) {
        Response r = given().get(page);
        Matcher m = TOKEN.matcher(r.asString());
        assertTrue(m.find(), r.asString());
        return new Form(r.getCookie("gatehouse_csrf"), m.group(1));
    }
}
