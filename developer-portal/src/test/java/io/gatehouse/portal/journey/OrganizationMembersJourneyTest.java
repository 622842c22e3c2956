package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.PASSWORD;
import static io.gatehouse.portal.journey.Portal.form;
import static io.gatehouse.portal.journey.Portal.newBrowser;
import static io.gatehouse.portal.journey.Portal.submit;
import static io.gatehouse.portal.journey.Portal.submitLogIn;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Organization members through the pages (HtmlUnit, no JavaScript), against the real management service. */
@QuarkusTest
@QuarkusTestResource(value = OrganizationMembersJourneyTest.PatientManagement.class, restrictToAnnotatedClass = true)
class OrganizationMembersJourneyTest {

    /**
     * The real management service, with a portal that waits for it generously: on a loaded
     * machine a cold management service can take longer than the portal's 5 s read timeout to
     * hash its first Argon2 password, and these tests are about members, not about that.
     */
    public static class PatientManagement extends RealManagement {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("quarkus.rest-client.management.read-timeout", "60000");
            return config;
        }
    }

    private static final String MATE_PASSWORD = "teammate password";

    @TestHTTPResource("/")
    URL root;

    private WebClient owner;
    private WebClient mate;

    @BeforeEach
    void openBrowsers() {
        owner = newBrowser();
        mate = newBrowser();
    }

    @AfterEach
    void closeBrowsers() {
        owner.close();
        mate.close();
    }

    @Test
    void an_owner_invites_a_teammate_who_joins_from_the_mail_and_sees_the_organizations_applications() throws Exception {
        String ownerEmail = unique("owner") + "@example.com";
        readyOwner(ownerEmail);
        HtmlPage page = owner.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("Team checkout");
        submit(form);

        String mateEmail = unique("mate") + "@example.com";
        page = invite(mateEmail, "developer");
        assertTrue(page.getUrl().getPath().endsWith("/organization"), page.getUrl().toString());
        assertTrue(page.asNormalizedText().contains("The invitation is on its way"), page.asNormalizedText());
        assertTrue(page.getElementById("invitations").asNormalizedText().contains(mateEmail));

        String link = mailedLink(mateEmail);
        assertTrue(link.contains("/invitations/accept?token="), link);
        page = mate.getPage(url(root, link.substring(link.indexOf("/invitations/accept?"))));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains("Join Analytical " + ownerEmail), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains("Ada Lovelace invites " + mateEmail + " to join as a developer"));
        form = form(page, "/invitations/accept");
        form.getInputByName("name").setValue("Grace Hopper");
        form.getInputByName("password").setValue("gracehopper1");
        page = submit(form);
        assertEquals(400, page.getWebResponse().getStatusCode(), "a password made of the name is refused");
        assertTrue(page.asNormalizedText().contains("This password is too easy to guess"), page.asNormalizedText());
        form = form(page, "/invitations/accept");
        form.getInputByName("name").setValue("Grace Hopper");
        form.getInputByName("password").setValue(MATE_PASSWORD);
        page = submit(form);

        assertTrue(page.getUrl().getPath().endsWith("/dashboard"), page.getUrl().toString());
        String dashboard = page.asNormalizedText();
        assertTrue(dashboard.contains("Hello, Grace Hopper"), dashboard);
        assertTrue(dashboard.contains("Analytical " + ownerEmail + " · you are its developer"), dashboard);
        assertTrue(dashboard.contains("Team checkout"), dashboard);
        assertFalse(dashboard.contains("not verified"), "the invitation mail proved the address");

        page = mate.getPage(url(root, "/organization"));
        String members = page.getElementById("members").asNormalizedText();
        assertTrue(members.contains(ownerEmail) && members.contains(mateEmail), members);
        assertNull(page.getFirstByXPath("//form[@action='/organization/invitations']"), "developers get no invite form");

        page = owner.getPage(url(root, "/organization"));
        assertTrue(page.getElementById("members").asNormalizedText().contains("Grace Hopper"));
        assertTrue(page.asNormalizedText().contains("No invitation is waiting."), page.asNormalizedText());

        // The link works once: opened again, it says so in words.
        page = mate.getPage(url(root, link.substring(link.indexOf("/invitations/accept?"))));
        assertEquals(400, page.getWebResponse().getStatusCode());
        assertTrue(page.asNormalizedText().contains("This invitation does not work"), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains("already been accepted"), page.asNormalizedText());
    }

    @Test
    void a_developer_cannot_invite_even_with_a_forged_form() throws Exception {
        String ownerEmail = unique("boss") + "@example.com";
        readyOwner(ownerEmail);
        String mateEmail = unique("dev") + "@example.com";
        invite(mateEmail, "developer");
        String link = mailedLink(mateEmail);
        HtmlPage page = mate.getPage(url(root, link.substring(link.indexOf("/invitations/accept?"))));
        HtmlForm form = form(page, "/invitations/accept");
        form.getInputByName("name").setValue("Dev Eloper");
        form.getInputByName("password").setValue(MATE_PASSWORD);
        submit(form);

        // The developer's own page and CSRF token, pointed at the owners' invite action.
        page = mate.getPage(url(root, "/organization"));
        page = ((HtmlAnchor) page.getByXPath("//a[contains(@href, '/remove')]").get(0)).click();
        assertTrue(page.getTitleText().startsWith("Leave "), page.getTitleText());
        HtmlForm leave = (HtmlForm) page.getByXPath("//form[contains(@action, '/remove')]").get(0);
        leave.setActionAttribute("/organization/invitations");
        leave.appendChild(hidden(page, "email", "smuggled@example.com"));
        leave.appendChild(hidden(page, "role", "owner"));
        page = submit(leave);
        assertEquals(403, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains("Only an owner"), page.asNormalizedText());

        page = owner.getPage(url(root, "/organization"));
        assertFalse(page.asNormalizedText().contains("smuggled@example.com"), "no invitation was made");
        assertTrue(page.getElementById("members").asNormalizedText().contains("Dev Eloper"), "the developer is still in");
    }

    @Test
    void a_revoked_invitation_link_opens_a_page_that_says_so() throws Exception {
        readyOwner(unique("revoker") + "@example.com");
        String mateEmail = unique("revoked") + "@example.com";
        HtmlPage page = invite(mateEmail, "owner");
        String link = mailedLink(mateEmail);
        page = ((HtmlAnchor) page.getByXPath("//a[contains(@href, '/organization/invitations/') and contains(@href, '/revoke')]").get(0)).click();
        assertTrue(page.asNormalizedText().contains("Withdraw the invitation of " + mateEmail + "?"), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains("This cannot be undone"), page.asNormalizedText());
        page = submit((HtmlForm) page.getByXPath("//form[contains(@action, '/organization/invitations/') and contains(@action, '/revoke')]").get(0));
        assertEquals("/organization", page.getUrl().getPath(), "the post answers with a redirect to the organization page");
        assertTrue(page.asNormalizedText().contains("No invitation is waiting."), page.asNormalizedText());

        page = mate.getPage(url(root, link.substring(link.indexOf("/invitations/accept?"))));
        assertEquals(400, page.getWebResponse().getStatusCode());
        assertTrue(page.asNormalizedText().contains("withdrawn or replaced"), page.asNormalizedText());
        assertNull(page.getFirstByXPath("//form[@action='/invitations/accept']"));
    }

    @Test
    void the_last_owner_is_told_why_they_cannot_step_down() throws Exception {
        readyOwner(unique("alone") + "@example.com");
        HtmlPage page = owner.getPage(url(root, "/organization"));
        HtmlForm role = (HtmlForm) page.getByXPath("//form[contains(@action, '/role')]").get(0);
        HtmlSelect select = role.getSelectByName("role");
        select.setSelectedAttribute("developer", true);
        page = submit(role);
        assertEquals(409, page.getWebResponse().getStatusCode());
        assertTrue(page.asNormalizedText().contains("only owner"), page.asNormalizedText());
    }

    // ---- steps ----

    private void readyOwner(String email) throws Exception {
        HtmlPage page = owner.getPage(url(root, "/signup"));
        HtmlForm form = form(page, "/signup");
        form.getInputByName("name").setValue("Ada Lovelace");
        form.getInputByName("email").setValue(email);
        form.getInputByName("company").setValue("Analytical " + email);
        form.getInputByName("password").setValue(PASSWORD);
        submit(form);
        String link = mailedLink(email);
        page = owner.getPage(url(root, link.substring(link.indexOf("/verify?"))));
        submit(form(page, "/verify"));
        page = submitLogIn(owner, root, email, PASSWORD);
        assertTrue(page.getUrl().getPath().endsWith("/dashboard"), page.asNormalizedText());
    }

    private HtmlPage invite(String email, String role) throws Exception {
        HtmlPage page = owner.getPage(url(root, "/organization"));
        HtmlForm form = form(page, "/organization/invitations");
        form.getInputByName("email").setValue(email);
        form.getSelectByName("role").setSelectedAttribute(role, true);
        return submit(form);
    }

    /** The link in the last mail to {@code email}, waiting generously for management's log to show it. */
    private static String mailedLink(String email) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                return RealManagement.lastLinkTo(email);
            } catch (AssertionError notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static HtmlElement hidden(HtmlPage page, String name, String value) {
        HtmlElement input = (HtmlElement) page.createElement("input");
        input.setAttribute("type", "hidden");
        input.setAttribute("name", name);
        input.setAttribute("value", value);
        return input;
    }
}
