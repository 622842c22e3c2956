package io.gatehouse.e2e;

import io.gatehouse.testing.PostgresDatabase;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #7's acceptance walk across every service, in real headless Chromium: an admin logged in
 * through OIDC (the test identity provider) imports an OpenAPI document, publishes the API and creates a
 * plan that needs approval; a partner signs up on the portal (reading the verification mail), reads the
 * API's docs, creates an application and subscribes; the admin approves the request in the console; the
 * partner's key works through the gateway; the admin suspends the organization and the gateway refuses
 * the key; the audit log shows all of it. Every service is the packaged jar, run as a process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserAcceptanceTest {

    private static final String PEPPER = "e2e-browser-pepper-0123456789abcdef01234";
    private static final String GATEWAY_TOKEN = "e2e-browser-gateway-token-0123456789";
    private static final String ADMIN_TOKEN = "e2e-browser-admin-token-0123456789";
    private static final String PORTAL_TOKEN = "e2e-browser-portal-token-0123456789";
    private static final String BILLING_TOKEN = "e2e-browser-billing-token-0123456789";
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern MAIL_LINK = Pattern.compile("Mail to (\\S+): .* — (\\S+)");

    private EchoUpstream upstream;
    private ServiceProcess management;
    private ServiceProcess gateway;
    private ServiceProcess portal;
    private ServiceProcess billing;
    private Admin admin;
    private Browser browser;
    private final Closer closer = new Closer();

    @BeforeAll
    void start_the_stack() throws Exception {
        assumeTrue(Browser.available(), "chromium and chromedriver are not installed");
        // The test identity provider's users get these roles ("alice" logs in to the console).
        System.setProperty("quarkus.test.oidc.token.admin-roles", "platform-admin");
        OidcWiremockTestResource identityProvider = new OidcWiremockTestResource();
        String issuer = identityProvider.start().get("keycloak.url") + "/realms/quarkus";
        closer.add(identityProvider::stop);

        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_browser");
        String namespace = "e2e-browser-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        Path gatewayData = Files.createTempDirectory("gatehouse-gateway-");
        int portalPort = ServiceProcess.freePort();
        int billingPort = ServiceProcess.freePort();

        management = closer.add(new ServiceProcess("browser-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN,
                "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN, "GATEHOUSE_BILLING_URL", "http://127.0.0.1:" + billingPort,
                "GATEHOUSE_PORTAL_URL", "http://127.0.0.1:" + portalPort, "GATEHOUSE_MAIL_MOCK", "true",
                "GATEHOUSE_OIDC_URL", issuer, "GATEHOUSE_OIDC_CLIENT_ID", "quarkus-service-app",
                "GATEHOUSE_CONSOLE_CLIENT_ID", "quarkus-web-app",
                "GATEHOUSE_CONSOLE_CLIENT_SECRET", "e2e-console-secret-0123456789abcdef0123456789")).start());
        gateway = closer.add(new ServiceProcess("browser-gateway", "gateway-runtime", ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN, "GATEHOUSE_GATEWAY_DATA_DIR", gatewayData.toString(),
                "GATEHOUSE_GATEWAY_NODE_ID", "gw-browser")).start());
        portal = closer.add(new ServiceProcess("browser-portal", "developer-portal", portalPort, ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN,
                "GATEHOUSE_PUBLIC_GATEWAY_URL", gateway.url())).start());
        billing = closer.add(new ServiceProcess("browser-billing", "billing-metering", billingPort, ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_OIDC_URL", issuer)).start());
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        browser = closer.add(Browser.start());
    }

    @AfterAll
    void stop_the_stack() throws Exception {
        closer.close();
    }

    @Test
    void an_api_goes_from_import_to_a_partner_key_that_the_admin_suspends_in_chromium() throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String title = "Weather " + suffix;

        // The admin imports, publishes and prices the API in the console.
        browser.open(management.url() + "/console/apis/import");
        browser.type(By.id("username"), "alice");
        browser.type(By.id("password"), "alice");
        browser.clickAndWait(By.id("login"));
        browser.await(By.id("import-form"));
        browser.type(By.id("document"), "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + title + "\",\"version\":\"1.0\"},"
                + "\"servers\":[{\"url\":\"" + upstream.url() + "/weather-" + suffix + "\"}],"
                + "\"paths\":{\"/forecast\":{\"get\":{\"summary\":\"Tomorrow's forecast\",\"operationId\":\"forecast\","
                + "\"responses\":{\"200\":{\"description\":\"the forecast\"}}}}}}");
        browser.clickAndWait(By.id("import"));
        assertTrue(browser.await(By.id("api-name")).getText().contains(title), browser.text());
        new Select(browser.await(By.id("lifecycle-target"))).selectByValue("published");
        browser.clickAndWait(By.id("change-lifecycle"));
        browser.await(By.cssSelector("#lifecycle.published"));
        browser.clickAndWait(By.id("new-plan"));
        browser.type(By.cssSelector("#plan-form #name"), "Partner " + suffix);
        browser.type(By.id("rateMinute"), "600");
        browser.await(By.id("approvalRequired")).click();
        browser.clickAndWait(By.id("create-plan"));
        assertTrue(browser.await(By.id("plan-facts")).getText().contains("600 per minute"), browser.text());
        browser.screenshot("acceptance-1-plan");

        // A partner signs up on the portal, verifies the address from the mail, and logs in.
        String email = "walk-" + suffix + "@example.com";
        browser.open(portal.url() + "/signup");
        browser.type(By.name("name"), "Ada Lovelace");
        browser.type(By.name("email"), email);
        browser.type(By.name("company"), "Engines " + suffix);
        browser.type(By.name("password"), PASSWORD);
        browser.clickAndWait(By.cssSelector("form[action='/signup'] button[type='submit']"));
        assertTrue(browser.text().contains("Check your mail"), browser.text());
        String link = awaitMailLink(email);
        browser.open(portal.url() + link.substring(link.indexOf("/verify?")));
        browser.clickAndWait(By.cssSelector("form[action='/verify'] button[type='submit']"));
        assertTrue(browser.text().contains("Email verified"), browser.text());
        browser.open(portal.url() + "/login");
        browser.type(By.name("email"), email);
        browser.type(By.name("password"), PASSWORD);
        browser.clickAndWait(By.cssSelector("form[action='/login'] button[type='submit']"));
        assertTrue(browser.path().endsWith("/dashboard"), browser.url());

        // It finds the API in the catalog and reads its docs.
        browser.open(portal.url() + "/");
        browser.clickAndWait(By.partialLinkText(title));
        assertTrue(browser.text().contains("Tomorrow's forecast"), browser.text());
        String docsUrl = browser.url();
        assertTrue(browser.await(By.id("base-url")).getText().startsWith(gateway.url() + "/weather-" + suffix),
                "the docs show the gateway's URL, not the spec's servers: " + browser.text());
        browser.screenshot("acceptance-2-docs");

        // It creates an application and asks for the plan, which waits for approval.
        browser.open(portal.url() + "/applications/new");
        browser.type(By.name("name"), "Forecaster");
        browser.clickAndWait(By.cssSelector("form[action='/applications'] button[type='submit']"));
        String appPath = browser.path();
        browser.await(By.xpath("//label[contains(., 'Partner " + suffix + "')]/input")).click();
        browser.clickAndWait(By.cssSelector("form[action='" + appPath + "/subscriptions'] button[type='submit']"));
        String row = browser.await(By.cssSelector("tr[id^='subscription-']")).getAttribute("id");
        String subscription = row.substring("subscription-".length());
        assertTrue(browser.text().contains("waiting for approval"), browser.text());
        browser.clickAndWait(By.cssSelector("form[action='" + appPath + "/keys'] button[type='submit']"));
        String key = browser.await(By.id("new-key")).getDomAttribute("value");
        assertTrue(key.startsWith("gh_"), key);
        String route = "/weather-" + suffix + "/forecast";
        assertEquals(403, eventuallyStatus(403, route, key), "a pending subscription does not open the API");

        // The admin approves the request in the console; the key now works through the gateway.
        String organization = admin.call("GET", "/admin/v1/subscriptions/" + subscription, null)
                .get("organizationId").asText();
        browser.open(management.url() + "/console/partners");
        browser.clickAndWait(By.cssSelector("#pending-" + subscription + " button.approve"));
        assertEquals("active", admin.call("GET", "/admin/v1/subscriptions/" + subscription, null).get("status").asText());
        assertEquals(200, eventuallyStatus(200, route, key));

        // The partner calls the operation from the docs page's try-it console: the real answer comes back.
        browser.open(docsUrl);
        browser.await(By.cssSelector("details.try-it summary")).click();
        browser.type(By.cssSelector("form.try-form input[name='key']"), key);
        browser.clickAndWait(By.cssSelector("form.try-form button[type='submit']"));
        assertEquals("200", browser.await(By.id("try-status")).getText(), browser.text());
        assertTrue(browser.await(By.id("try-body")).getText().contains("/weather-" + suffix + "/forecast"), browser.text());
        assertTrue(!browser.text().contains(key), "the key is never shown back");
        browser.screenshot("acceptance-3-try-it");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, Http.get(gateway.url() + route + "?day=" + i, "X-Api-Key", key).status());
        }

        // The calls reach the ledger: the partner sees them on the application's usage page, drawn as charts.
        int seen = awaitRequestsOnPage(portal.url() + appPath + "/usage", "#hourly tbody tr td:nth-child(2)", 7);
        assertTrue(seen >= 7, "the usage page counts the try-it call and the five calls: " + seen);
        browser.await(By.cssSelector("#charts:not([hidden]) canvas#chart-hourly"));
        browser.screenshot("acceptance-4-usage");

        // The admin sees the partner's traffic on the analytics page of that API.
        String apiId = admin.call("GET", "/admin/v1/subscriptions/" + subscription, null).get("apiId").asText();
        awaitRequestsOnPage(management.url() + "/console/analytics?apiId=" + apiId, "#top-applications tbody tr td:nth-child(3)", 7);
        assertTrue(browser.await(By.id("top-applications")).getText().contains("Forecaster"), browser.text());
        browser.await(By.cssSelector("#charts:not([hidden]) canvas#chart-traffic"));
        browser.screenshot("acceptance-5-analytics");

        // The partner rotates the key (both work during the grace period), then revokes the old one.
        browser.open(portal.url() + appPath);
        String oldKeyRow = rowOfKey(key);
        browser.clickAndWait(By.cssSelector("#" + oldKeyRow + " form[action$='/rotate'] button"));
        String rotated = browser.await(By.id("new-key")).getDomAttribute("value");
        assertTrue(rotated.startsWith("gh_") && !rotated.equals(key), rotated);
        assertEquals(200, eventuallyStatus(200, route, rotated));
        assertEquals(200, Http.get(gateway.url() + route, "X-Api-Key", key).status(), "the old key works during the grace");
        browser.open(portal.url() + appPath);
        // Revoking asks first, on a page of its own.
        browser.clickAndWait(By.cssSelector("#" + oldKeyRow + " a[href$='/revoke']"));
        assertTrue(browser.text().contains("This cannot be undone"), browser.text());
        browser.clickAndWait(By.cssSelector("form[action$='/revoke'] button"));
        assertTrue(browser.await(By.id(oldKeyRow)).getText().contains("revoked"), browser.text());
        Instant revoked = Instant.now();
        assertEquals(401, eventuallyStatus(401, route, key));
        System.out.printf("revocation reached the gateway in %d ms%n", Duration.between(revoked, Instant.now()).toMillis());
        assertEquals(200, Http.get(gateway.url() + route, "X-Api-Key", rotated).status(), "the new key still works");
        key = rotated;

        // The admin suspends the organization: the gateway refuses the key within a second.
        browser.open(management.url() + "/console/partners");
        browser.clickConfirmAndWait(By.cssSelector("#org-" + organization + " button.suspend"), "suspend");
        browser.await(By.cssSelector("#org-" + organization + " button.reinstate"));
        Instant suspended = Instant.now();
        int status = eventuallyStatus(401, route, key);
        Duration took = Duration.between(suspended, Instant.now());
        System.out.printf("suspension reached the gateway in %d ms%n", took.toMillis());
        assertEquals(401, status);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "refused after " + took);
        browser.screenshot("acceptance-6-suspended");

        // The audit log has every step, with who did it.
        browser.open(management.url() + "/console/audit");
        String entries = browser.await(By.id("entries")).getText();
        for (String action : new String[]{"api.created", "api.updated", "plan.created", "organization.signed-up",
                "application.created", "subscription.created", "key.issued", "subscription.active", "organization.updated"}) {
            assertTrue(entries.contains(action), action + " is missing from the audit log:\n" + entries);
        }
        browser.screenshot("acceptance-7-audit");
    }

    /** The id of the keys table row that shows {@code key}'s last four characters. */
    private String rowOfKey(String key) {
        String lastFour = key.substring(key.length() - 4);
        for (var row : browser.all(By.cssSelector("tr[id^='key-']"))) {
            if (row.getText().contains("…" + lastFour)) {
                return row.getAttribute("id");
            }
        }
        throw new AssertionError("no key row ending in " + lastFour + ":\n" + browser.text());
    }

    /** Polls the gateway until {@code route} answers {@code wanted} (config changes take a moment). */
    private int eventuallyStatus(int wanted, String route, String key) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 200; i++) {
            last = Http.get(gateway.url() + route, "X-Api-Key", key).status();
            if (last == wanted) {
                return last;
            }
            Thread.sleep(10);
        }
        return last;
    }

    /**
     * Reloads {@code url} until the numbers in the cells {@code cells} add up to at least {@code wanted}
     * (the ledger takes a moment), and answers the sum last seen.
     */
    private int awaitRequestsOnPage(String url, String cells, int wanted) throws InterruptedException {
        int sum = 0;
        for (int i = 0; i < 60; i++) {
            browser.open(url);
            sum = 0;
            for (var cell : browser.all(By.cssSelector(cells))) {
                String text = cell.getText().trim();
                if (text.matches("\\d+")) {
                    sum += Integer.parseInt(text);
                }
            }
            if (sum >= wanted) {
                return sum;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + sum + " requests on " + url + " after 30 s:\n" + browser.text());
    }

    private String awaitMailLink(String email) throws Exception {
        Path log = ServiceProcess.ROOT.resolve("e2e-tests/target/logs/" + management.name + ".log");
        for (int i = 0; i < 100; i++) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = MAIL_LINK.matcher(line);
                if (m.find() && m.group(1).equals(email)) {
                    return m.group(2);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + email + " in " + log);
    }
}
