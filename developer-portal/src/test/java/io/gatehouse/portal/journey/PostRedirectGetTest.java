package io.gatehouse.portal.journey;

import io.gatehouse.portal.tryit.GatewayDouble;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.POST;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.gatehouse.portal.journey.Portal.PASSWORD;
import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.form;
import static io.gatehouse.portal.journey.Portal.newBrowser;
import static io.gatehouse.portal.journey.Portal.submit;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Post/redirect/get everywhere (issue 14 items 16 and 17), one row per form post that changes
 * something: the partner reaches the form's page in a browser without JavaScript (HtmlUnit, which
 * follows redirects), then the filled-in form is sent as that browser would send it, with its
 * cookies and CSRF token, but with a forged {@code Host} and {@code X-Forwarded-Host} and without
 * following the redirect. The answer must be a {@code 303} whose {@code Location} is a path on this
 * site, and a GET of that path must open its page (200). The portal runs as behind a proxy
 * (forwarded headers believed), where a Location built from the request's host would name the
 * forged one. Against the real management service; try-it calls reach {@link GatewayDouble}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostRedirectGetTest.BehindAProxy.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = GatewayDouble.class, restrictToAnnotatedClass = true)
class PostRedirectGetTest {

    /** The real management service, and a portal that believes {@code X-Forwarded-*} as it does behind a TLS proxy. */
    public static class BehindAProxy extends OrganizationMembersJourneyTest.PatientManagement {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
            config.put("quarkus.http.proxy.enable-forwarded-host", "true");
            return config;
        }
    }

    private static final String HOSTILE = "evil.example";
    private static final String MATE_PASSWORD = "teammate password";

    /**
     * Every form post of the portal that changes something, as the table of this test: what the
     * partner does, the post's address as the resource declares it, where the answer must send the
     * browser, and words of the page there. In addresses, {@code {id}}, {@code {slug}} and
     * {@code {version}} are the application or API the row made; other placeholders are any one
     * segment. Removing a member and leaving are one address, two rows: leaving also ends the session.
     */
    enum FormPost {
        SIGNING_UP("signing up", "/signup", "/signup/sent", "Check your mail", Visit::signUpForm),
        VERIFYING_THE_EMAIL("verifying the email from the mailed link", "/verify", "/verify/done", "Email verified",
                Visit::verifyForm),
        LOGGING_IN("logging in", "/login", "/dashboard", "Hello, Ada Lovelace", Visit::logInForm),
        LOGGING_OUT("logging out", "/logout", "/login?signedOut=1", "You are logged out.", Visit::logOutForm),
        ASKING_FOR_A_RESET_LINK("asking for a password reset link", "/reset-password", "/reset-password/sent",
                "Check your mail", Visit::resetRequestForm),
        SETTING_A_NEW_PASSWORD("setting a new password from the mailed link", "/reset-password/confirm",
                "/reset-password/done", "Password changed", Visit::resetConfirmForm),
        CREATING_AN_APPLICATION("creating an application", "/applications", "/applications/{new}", "Fresh app",
                Visit::newApplicationForm),
        SAVING_SETTINGS("saving an application's settings", "/applications/{id}/settings", "/applications/{id}",
                "Checkout web", Visit::settingsForm),
        SUBSCRIBING("subscribing an application to a plan", "/applications/{id}/subscriptions", "/applications/{id}",
                "{plan}", Visit::subscribeForm),
        CANCELLING_A_SUBSCRIPTION("cancelling a subscription after the confirmation",
                "/applications/{id}/subscriptions/{subscriptionId}/cancel", "/applications/{id}", "cancelled",
                Visit::cancelForm),
        CHANGING_A_PLAN("changing a subscription's plan", "/applications/{id}/subscriptions/{subscriptionId}/plan",
                "/applications/{id}", "{plan}", Visit::changePlanForm),
        ISSUING_A_KEY("issuing a key", "/applications/{id}/keys", "/applications/{id}/keys/shown/{ticket}",
                "shown only once", Visit::newKeyForm),
        ROTATING_A_KEY("rotating a key", "/applications/{id}/keys/{keyId}/rotate",
                "/applications/{id}/keys/shown/{ticket}", "keeps working until", Visit::rotateForm),
        REVOKING_A_KEY("revoking a key", "/applications/{id}/keys/{keyId}/revoke", "/applications/{id}", "revoked",
                Visit::revokeKeyForm),
        INVITING_A_TEAMMATE("inviting a teammate", "/organization/invitations", "/organization?invited=1",
                "The invitation is on its way", Visit::inviteForm),
        WITHDRAWING_AN_INVITATION("withdrawing an invitation", "/organization/invitations/{id}/revoke",
                "/organization?changed=1", "The change is saved.", Visit::withdrawForm),
        CHANGING_A_ROLE("changing a member's role", "/organization/members/{userId}/role", "/organization?changed=1",
                "The change is saved.", Visit::roleForm),
        REMOVING_A_MEMBER("removing a member", "/organization/members/{userId}/remove", "/organization?changed=1",
                "The change is saved.", Visit::removeForm),
        LEAVING("leaving the organization", "/organization/members/{userId}/remove", "/organization/left",
                "You left the organization", Visit::leaveForm),
        ACCEPTING_AN_INVITATION("accepting an invitation from the mailed link", "/invitations/accept", "/dashboard",
                "Hello, Grace Hopper", Visit::acceptForm),
        SAVING_NOTIFICATION_CHOICES("saving the choice of notification mails", "/account/notifications",
                "/account/notifications?saved=1", "Saved. Mails follow your choice", Visit::notificationsForm),
        TRYING_AN_OPERATION("trying an operation in the console", "/apis/{slug}/{version}/try",
                "/apis/{slug}/{version}/try/{ticket}", "id=\"try-status\"", Visit::tryItForm);

        final String action;
        final String post;
        final String location;
        final String landing;
        final FormOnItsPage form;

        FormPost(String action, String post, String location, String landing, FormOnItsPage form) {
            this.action = action;
            this.post = post;
            this.location = location;
            this.landing = landing;
            this.form = form;
        }

        @Override
        public String toString() {
            return action + " answers 303 to " + location;
        }
    }

    /** Opens, as the partner would, the page holding a row's form, and fills it in (without sending it). */
    @FunctionalInterface
    interface FormOnItsPage {
        HtmlForm open(Visit visit) throws Exception;
    }

    @TestHTTPResource("/")
    URL root;

    @ParameterizedTest(name = "{0}, a relative address that opens")
    @EnumSource(FormPost.class)
    void a_form_post_that_changes_something_answers_303_to_a_relative_address_that_opens(FormPost row) throws Exception {
        try (Visit visit = new Visit()) {
            HtmlForm form = row.form.open(visit);
            String action = form.getActionAttribute().replaceFirst("#.*$", "");
            assertTrue(visit.address(row.post).matcher(action).matches(), "the form posts to " + row.post + ": " + action);

            Response answer = visit.sendWithForgedHost(form);
            assertEquals(303, answer.statusCode(), "the answer to " + action + ":\n" + answer.asString());
            String location = answer.getHeader("Location");
            assertNotNull(location, "a 303 says where to go");
            assertRelative(location);
            assertTrue(visit.address(row.location).matcher(location).matches(), "to " + row.location + ": " + location);

            Response landing = visit.follow(form, answer, location);
            assertEquals(200, landing.statusCode(), "GET " + location + ":\n" + landing.asString());
            landing.then().contentType(containsString("text/html")).body(containsString(visit.fill(row.landing)));
        }
    }

    /** Guards the table: a form post added to a resource without a row fails here. */
    @Test
    void every_form_post_of_the_portal_has_a_row_in_the_table() throws Exception {
        Set<String> inTable = Arrays.stream(FormPost.values()).map(r -> r.post).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(postsDeclaredByTheResources(), inTable);
    }

    @Test
    void the_portal_here_believes_forwarded_headers_like_one_behind_a_proxy() {
        List<String> cookies = given().redirects().follow(false).header("X-Forwarded-Proto", "https").get(url(root, "/login"))
                .getHeaders().getValues("Set-Cookie");
        assertTrue(cookies.stream().anyMatch(c -> c.startsWith("gatehouse_csrf=") && c.contains("Secure")),
                "a request forwarded from TLS gets a Secure cookie: " + cookies);
    }

    private static void assertRelative(String location) {
        assertTrue(location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\"),
                "a path on this site: " + location);
        URI uri = URI.create(location);
        assertNull(uri.getScheme(), location);
        assertNull(uri.getRawAuthority(), location);
        assertFalse(location.contains(HOSTILE), location);
    }

    /** The paths of every {@code @POST} of the portal's resources: class {@code @Path} and method {@code @Path}. */
    private static Set<String> postsDeclaredByTheResources() throws Exception {
        Path classes = Path.of("target/classes");
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("io/gatehouse/portal"))) {
            names = files.map(f -> classes.relativize(f).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        Set<String> posts = new TreeSet<>();
        ClassLoader loader = PostRedirectGetTest.class.getClassLoader();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, loader);
            jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (base == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                continue; // not a resource: management's REST clients are interfaces
            }
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(POST.class)) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = ("/" + base.value() + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                    posts.add(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
                }
            }
        }
        assertFalse(posts.isEmpty(), "no resource found under " + classes.toAbsolutePath());
        return posts;
    }

    /**
     * One row's people: the partner (an owner of a new organization) in {@link #owner}, a teammate in
     * {@link #mate}, and what the steps made ({@link #known}: the application's {@code id}, the API's
     * {@code slug} and {@code version}, the {@code plan}'s name), which the row's addresses and words name.
     */
    final class Visit implements AutoCloseable {

        final WebClient owner = newBrowser();
        final WebClient mate = newBrowser();
        final Map<String, String> known = new HashMap<>();

        // ---- the rows' forms, filled in ----

        HtmlForm signUpForm() throws Exception {
            return filledSignUp(owner, unique("prg-signup") + "@example.com");
        }

        HtmlForm verifyForm() throws Exception {
            String email = unique("prg-verify") + "@example.com";
            signUp(email);
            return form(openMailedLink(owner, email, "/verify?"), "/verify");
        }

        HtmlForm logInForm() throws Exception {
            String email = unique("prg-login") + "@example.com";
            signUp(email);
            return filledLogIn(email);
        }

        HtmlForm logOutForm() throws Exception {
            readyPartner();
            return form(owner.getPage(url(root, "/logout")), "/logout");
        }

        HtmlForm resetRequestForm() throws Exception {
            String email = unique("prg-reset") + "@example.com";
            signUp(email);
            HtmlForm form = form(owner.getPage(url(root, "/reset-password")), "/reset-password");
            form.getInputByName("email").setValue(email);
            return form;
        }

        HtmlForm resetConfirmForm() throws Exception {
            HtmlForm request = resetRequestForm();
            String email = request.getInputByName("email").getValue();
            submit(request);
            HtmlForm form = form(openMailedLink(owner, email, "/reset-password/confirm?"), "/reset-password/confirm");
            form.getInputByName("password").setValue("violet lantern orbit");
            return form;
        }

        HtmlForm newApplicationForm() throws Exception {
            readyPartner();
            HtmlForm form = form(owner.getPage(url(root, "/applications/new")), "/applications");
            form.getInputByName("name").setValue("Fresh app");
            return form;
        }

        HtmlForm settingsForm() throws Exception {
            readyPartner();
            HtmlForm form = form(newApplication(), "/applications/" + known.get("id") + "/settings");
            form.getInputByName("name").setValue("Checkout web");
            form.getInputByName("oauthClientId").setValue(unique("checkout-web"));
            return form;
        }

        HtmlForm subscribeForm() throws Exception {
            known.put("plan", publishedPlan());
            readyPartner();
            HtmlForm form = form(newApplication(), "/applications/" + known.get("id") + "/subscriptions");
            List<HtmlRadioButtonInput> plan = form.getByXPath(".//label[contains(., '" + known.get("plan") + "')]/input");
            assertEquals(1, plan.size(), "the plan is offered once: " + form.asNormalizedText());
            plan.get(0).setChecked(true);
            return form;
        }

        HtmlForm cancelForm() throws Exception {
            HtmlPage app = subscribedApplication();
            List<HtmlAnchor> cancel = app.getByXPath("//a[starts-with(@id, 'cancel-')]");
            assertEquals(1, cancel.size(), app.asNormalizedText());
            return onlyForm(cancel.get(0).click(), "/applications/" + known.get("id") + "/subscriptions/");
        }

        HtmlForm changePlanForm() throws Exception {
            HtmlPage app = subscribedApplication();
            List<HtmlAnchor> change = app.getByXPath("//a[starts-with(@id, 'change-plan-')]");
            assertEquals(1, change.size(), app.asNormalizedText());
            HtmlPage page = change.get(0).click();
            HtmlForm form = onlyForm(page, "/applications/" + known.get("id") + "/subscriptions/");
            List<HtmlRadioButtonInput> plan = form.getByXPath(".//label[contains(., '" + known.get("plan") + "')]/input");
            assertEquals(1, plan.size(), "the other plan is offered once: " + form.asNormalizedText());
            plan.get(0).setChecked(true);
            return form;
        }

        /** A new application subscribed to Starter of an API that also has Pro; Pro's name is the {@code plan}. */
        private HtmlPage subscribedApplication() throws Exception {
            String starter = publishedPlan();
            known.put("plan", starter.replace("Starter ", "Pro "));
            readyPartner();
            HtmlForm subscribe = form(newApplication(), "/applications/" + known.get("id") + "/subscriptions");
            ((HtmlRadioButtonInput) subscribe.getFirstByXPath(".//label[contains(., '" + starter + "')]/input")).setChecked(true);
            return submit(subscribe);
        }

        HtmlForm newKeyForm() throws Exception {
            readyPartner();
            return form(newApplication(), "/applications/" + known.get("id") + "/keys");
        }

        HtmlForm rotateForm() throws Exception {
            return keyForm(owner.getPage(url(root, "/applications/" + newKeyOfNewApplication())), "/rotate");
        }

        HtmlForm revokeKeyForm() throws Exception {
            HtmlPage app = owner.getPage(url(root, "/applications/" + newKeyOfNewApplication()));
            List<HtmlAnchor> revoke = app.getByXPath("//a[contains(@href, '/keys/') and contains(@href, '/revoke')]");
            assertEquals(1, revoke.size(), app.asNormalizedText());
            return keyForm(revoke.get(0).click(), "/revoke");
        }

        HtmlForm notificationsForm() throws Exception {
            readyPartner();
            HtmlForm form = form(owner.getPage(url(root, "/account/notifications")), "/account/notifications");
            form.getInputByName("quota").setChecked(false);
            return form;
        }

        HtmlForm inviteForm() throws Exception {
            readyPartner();
            return filledInvite(unique("prg-invited") + "@example.com", "developer");
        }

        HtmlForm withdrawForm() throws Exception {
            readyPartner();
            HtmlPage page = submit(filledInvite(unique("prg-withdrawn") + "@example.com", "developer"));
            List<HtmlAnchor> withdraw = page.getByXPath("//a[contains(@href, '/organization/invitations/') and contains(@href, '/revoke')]");
            assertEquals(1, withdraw.size(), page.asNormalizedText());
            return onlyForm(withdraw.get(0).click(), "/organization/invitations/");
        }

        HtmlForm roleForm() throws Exception {
            String mateEmail = teammateJoined();
            HtmlPage page = owner.getPage(url(root, "/organization"));
            HtmlForm form = (HtmlForm) page.getByXPath("//tr[td[2]='" + mateEmail + "']//form[contains(@action, '/role')]").get(0);
            form.getSelectByName("role").setSelectedAttribute("owner", true);
            return form;
        }

        HtmlForm removeForm() throws Exception {
            String mateEmail = teammateJoined();
            HtmlPage page = owner.getPage(url(root, "/organization"));
            HtmlAnchor remove = (HtmlAnchor) page.getByXPath("//tr[td[2]='" + mateEmail + "']//a[contains(@href, '/remove')]").get(0);
            return onlyForm(remove.click(), "/organization/members/");
        }

        HtmlForm leaveForm() throws Exception {
            teammateJoined();
            HtmlPage page = mate.getPage(url(root, "/organization"));
            List<HtmlAnchor> leave = page.getByXPath("//a[contains(@href, '/remove')]");
            assertEquals(1, leave.size(), "a developer's only remove link is Leave: " + page.asNormalizedText());
            return onlyForm(leave.get(0).click(), "/organization/members/");
        }

        HtmlForm acceptForm() throws Exception {
            readyPartner();
            String mateEmail = unique("prg-mate") + "@example.com";
            submit(filledInvite(mateEmail, "developer"));
            return filledAccept(mateEmail);
        }

        HtmlForm tryItForm() throws Exception {
            publishedApiWithADocument();
            readyPartner();
            HtmlPage page = owner.getPage(url(root, "/apis/" + known.get("slug") + "/" + known.get("version")));
            HtmlForm form = page.getFirstByXPath("//form[contains(@class, 'try-form')]");
            assertNotNull(form, "a signed-in partner gets the console: " + page.asNormalizedText());
            form.getInputByName("key").setValue(unique("gh_prg"));
            return form;
        }

        // ---- sending the form as its browser would, but with a forged host and no redirects followed ----

        Response sendWithForgedHost(HtmlForm form) {
            HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
            RequestSpecification request = given().redirects().follow(false).contentType(ContentType.URLENC)
                    .header("Host", HOSTILE).header("X-Forwarded-Host", HOSTILE)
                    .cookies(cookiesOf(form.getPage().getWebClient()));
            for (NameValuePair field : form.getParameterListForSubmit(button)) {
                request = request.formParam(field.getName(), field.getValue());
            }
            return request.post(url(root, form.getActionAttribute().replaceFirst("#.*$", "")));
        }

        /** A GET of the Location, with the cookies the browser would have after the answer (a login's session, a logout's none). */
        Response follow(HtmlForm form, Response answer, String location) {
            Map<String, String> cookies = cookiesOf(form.getPage().getWebClient());
            for (io.restassured.http.Cookie set : answer.getDetailedCookies()) {
                if (set.getValue() == null || set.getValue().isEmpty() || set.getMaxAge() == 0) {
                    cookies.remove(set.getName());
                } else {
                    cookies.put(set.getName(), set.getValue());
                }
            }
            return given().redirects().follow(false).cookies(cookies).get(url(root, location));
        }

        /** A row's address as a pattern: {@link #known} placeholders are their values, others any one segment. */
        Pattern address(String template) {
            StringBuilder regex = new StringBuilder();
            Matcher placeholder = Pattern.compile("\\{(\\w+)}").matcher(template);
            int done = 0;
            while (placeholder.find()) {
                regex.append(Pattern.quote(template.substring(done, placeholder.start())));
                String value = known.get(placeholder.group(1));
                regex.append(value == null ? "[^/?#]+" : Pattern.quote(value));
                done = placeholder.end();
            }
            return Pattern.compile(regex.append(Pattern.quote(template.substring(done))).toString());
        }

        /** Words with {@link #known} placeholders filled in. */
        String fill(String words) {
            String filled = words;
            for (var entry : known.entrySet()) {
                filled = filled.replace("{" + entry.getKey() + "}", entry.getValue());
            }
            return filled;
        }

        // ---- steps, through the pages (redirects followed, as a browser does) ----

        private void readyPartner() throws Exception {
            String email = unique("prg-owner") + "@example.com";
            signUp(email);
            submit(form(openMailedLink(owner, email, "/verify?"), "/verify"));
            HtmlPage page = submit(filledLogIn(email));
            assertTrue(page.getUrl().getPath().endsWith("/dashboard"), page.asNormalizedText());
        }

        private void signUp(String email) throws Exception {
            HtmlPage page = submit(filledSignUp(owner, email));
            assertTrue(page.asNormalizedText().contains("Check your mail"), page.asNormalizedText());
        }

        private HtmlForm filledSignUp(WebClient web, String email) throws Exception {
            HtmlForm form = form(web.getPage(url(root, "/signup")), "/signup");
            form.getInputByName("name").setValue("Ada Lovelace");
            form.getInputByName("email").setValue(email);
            form.getInputByName("company").setValue("Analytical " + email);
            form.getInputByName("password").setValue(PASSWORD);
            return form;
        }

        private HtmlForm filledLogIn(String email) throws Exception {
            HtmlForm form = form(owner.getPage(url(root, "/login")), "/login");
            form.getInputByName("email").setValue(email);
            form.getInputByName("password").setValue(PASSWORD);
            return form;
        }

        /** A new application of the partner, its id {@link #known}; its page. */
        private HtmlPage newApplication() throws Exception {
            HtmlForm form = form(owner.getPage(url(root, "/applications/new")), "/applications");
            form.getInputByName("name").setValue("Checkout");
            HtmlPage page = submit(form);
            known.put("id", page.getUrl().getPath().substring("/applications/".length()));
            return page;
        }

        /** A ready partner's new application with one key; its id. */
        private String newKeyOfNewApplication() throws Exception {
            readyPartner();
            HtmlPage page = submit(form(newApplication(), "/applications/" + known.get("id") + "/keys"));
            assertTrue(page.asNormalizedText().contains("shown only once"), page.asNormalizedText());
            return known.get("id");
        }

        private HtmlForm keyForm(HtmlPage page, String ending) {
            List<HtmlForm> forms = page.getByXPath("//form[contains(@action, '/keys/') and contains(@action, '" + ending + "')]");
            assertEquals(1, forms.size(), page.asNormalizedText());
            return forms.get(0);
        }

        private HtmlForm filledInvite(String email, String role) throws Exception {
            HtmlForm form = form(owner.getPage(url(root, "/organization")), "/organization/invitations");
            form.getInputByName("email").setValue(email);
            form.getSelectByName("role").setSelectedAttribute(role, true);
            return form;
        }

        private HtmlForm filledAccept(String mateEmail) throws Exception {
            HtmlForm form = form(openMailedLink(mate, mateEmail, "/invitations/accept?"), "/invitations/accept");
            form.getInputByName("name").setValue("Grace Hopper");
            form.getInputByName("password").setValue(MATE_PASSWORD);
            return form;
        }

        /** A ready partner with a teammate (a developer) who joined from the invitation; the teammate's email. */
        private String teammateJoined() throws Exception {
            readyPartner();
            String mateEmail = unique("prg-mate") + "@example.com";
            submit(filledInvite(mateEmail, "developer"));
            HtmlPage page = submit(filledAccept(mateEmail));
            assertTrue(page.getUrl().getPath().endsWith("/dashboard"), page.asNormalizedText());
            return mateEmail;
        }

        /** A plan of a published API (Starter …, with Pro … beside it), open for subscription; its name. */
        private String publishedPlan() {
            String route = "/" + unique("prg");
            String api = admin().body(Map.of("name", "Weather " + route, "lifecycle", "published",
                            "routePath", route, "upstreamUrl", "http://127.0.0.1:9/base"))
                    .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
            String name = "Starter " + route;
            admin().body(Map.of("apiId", api, "name", name, "timeZone", "Europe/Berlin",
                            "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"))))
                    .post("/admin/v1/plans").then().statusCode(201);
            // A second plan of the same API, for the rows that change plan.
            admin().body(Map.of("apiId", api, "name", "Pro " + route, "timeZone", "Europe/Berlin",
                            "limits", List.of(Map.of("kind", "rate", "maxRequests", 1000, "timeUnit", "minute"))))
                    .post("/admin/v1/plans").then().statusCode(201);
            return name;
        }

        /** A published API imported from an OpenAPI document, so its page has a console; its slug and version {@link #known}. */
        private void publishedApiWithADocument() {
            String slug = unique("forecast");
            String document = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Forecast " + slug + "\",\"version\":\"1.0\"},"
                    + "\"paths\":{\"/forecast\":{\"get\":{\"summary\":\"Tomorrow's forecast\",\"operationId\":\"forecast\","
                    + "\"responses\":{\"200\":{\"description\":\"the forecast\"}}}}}}";
            var imported = admin().queryParam("routePath", "/" + slug)
                    .queryParam("upstreamUrl", "http://127.0.0.1:9/base").queryParam("slug", slug)
                    .body(document).post("/admin/v1/apis/import").then().statusCode(201).extract();
            admin().body(Map.of("lifecycle", "published")).patch("/admin/v1/apis/" + imported.path("id"))
                    .then().statusCode(200);
            known.put("slug", imported.path("slug"));
            known.put("version", imported.path("version"));
        }

        @Override
        public void close() {
            owner.close();
            mate.close();
        }
    }

    // ---- pages and mails ----

    private Map<String, String> cookiesOf(WebClient web) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (Cookie c : web.getCookieManager().getCookies()) {
            cookies.put(c.getName(), c.getValue());
        }
        return cookies;
    }

    /** Opens the link of the last mail to {@code email}, once it is the one whose address contains {@code kind}. */
    private HtmlPage openMailedLink(WebClient web, String email, String kind) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            String link = null;
            try {
                link = RealManagement.lastLinkTo(email);
            } catch (AssertionError notYet) {
                // the mail is not in management's log yet
            }
            if (link != null && link.contains(kind)) {
                return web.getPage(url(root, link.substring(link.indexOf(kind))));
            }
            assertTrue(Instant.now().isBefore(deadline), "no mail to " + email + " with a link to " + kind + "; last: " + link);
            Thread.sleep(200);
        }
    }

    /** The one form of a confirmation page, which posts to an address under {@code under}. */
    private static HtmlForm onlyForm(HtmlPage page, String under) {
        List<HtmlForm> forms = new ArrayList<>();
        for (HtmlForm f : page.getForms()) {
            if (f.getActionAttribute().startsWith(under)) {
                forms.add(f);
            }
        }
        assertEquals(1, forms.size(), page.getUrl() + ":\n" + page.asNormalizedText());
        return forms.get(0);
    }
}
