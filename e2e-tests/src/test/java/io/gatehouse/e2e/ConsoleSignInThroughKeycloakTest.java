package io.gatehouse.e2e;

import io.gatehouse.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11, point 5: the shipped Keycloak realm, tested for real. The Keycloak distribution that
 * {@code ./gatehouse up} runs imports {@code deploy/keycloak/gatehouse-realm.json} as {@code up} writes it
 * ({@link Keycloak}); management, a gateway and billing run as their packaged jars against it. The admin signs in
 * to the console through Keycloak's own login page in headless Chromium, builds an API product in the console, and
 * every console page reachable from the console's navigation is walked at 1366 and 390 pixels wide.
 *
 * <p>The tests run in order and share one signed-in browser. The whole class takes about 2 to 3 minutes here,
 * most of it Keycloak's start (e2e-tests/README.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSignInThroughKeycloakTest {

    private static final String PEPPER = "e2e-keycloak-pepper-0123456789abcdef012345";
    private static final String GATEWAY_TOKEN = "e2e-keycloak-gateway-token-0123456789";
    private static final String ADMIN_TOKEN = "e2e-keycloak-admin-token-0123456789";
    private static final String BILLING_TOKEN = "e2e-keycloak-billing-token-0123456789";
    private static final int[][] VIEWPORTS = {{1366, 900}, {390, 844}};
    /** Enough for every kind of console page; the walk visits one page of each kind (see {@link #kind}). */
    private static final int MAX_PAGES = 60;

    private Keycloak keycloak;
    private EchoUpstream upstream;
    private ServiceProcess management;
    private ServiceProcess gateway;
    private ServiceProcess billing;
    private Browser browser;
    private final Closer closer = new Closer();

    @BeforeAll
    void start_keycloak_and_the_services() throws Exception {
        assumeTrue(Browser.available(), "chromium and chromedriver are not installed");
        int managementPort = ServiceProcess.freePort();
        int billingPort = ServiceProcess.freePort();
        // Keycloak starts first and comes up while the services start: it takes the longest.
        keycloak = closer.add(new Keycloak(managementPort).start());

        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_keycloak");
        String namespace = "e2e-keycloak-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        Path gatewayData = Files.createTempDirectory("gatehouse-gateway-");

        Map<String, String> managementEnv = new HashMap<>(ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN,
                "GATEHOUSE_BILLING_URL", "http://127.0.0.1:" + billingPort, "GATEHOUSE_MAIL_MOCK", "true"));
        managementEnv.putAll(keycloak.managementEnv());
        management = closer.add(new ServiceProcess("keycloak-management", "management-service", managementPort, managementEnv).start());
        gateway = closer.add(new ServiceProcess("keycloak-gateway", "gateway-runtime", ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN, "GATEHOUSE_GATEWAY_DATA_DIR", gatewayData.toString(),
                "GATEHOUSE_GATEWAY_NODE_ID", "gw-keycloak")).start());
        billing = closer.add(new ServiceProcess("keycloak-billing", "billing-metering", billingPort, ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_OIDC_URL", keycloak.realmUrl())).start());
        browser = closer.add(Browser.start());
        keycloak.awaitRealm(Duration.ofMinutes(4));
    }

    @AfterAll
    void stop_everything() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void the_realms_console_admin_signs_in_on_keycloaks_own_login_page_and_lands_on_the_console_home() throws Exception {
        browser.open(management.url() + "/console");
        assertTrue(browser.url().startsWith(keycloak.realmUrl() + "/protocol/openid-connect/auth"),
                "the console sends the browser to Keycloak's login page, not to " + browser.url());
        browser.type(By.id("username"), keycloak.consoleUser());
        browser.type(By.id("password"), keycloak.consolePassword());
        browser.consoleProblems(); // Keycloak's page is not under test; the console's are.
        browser.clickAndWait(By.id("kc-login"));

        assertEquals(management.url() + "/console", browser.url().replaceFirst("[?#].*$", ""), browser.text());
        assertEquals(200, browser.status());
        assertTrue(browser.await(By.tagName("h1")).getText().startsWith("Welcome, "), browser.text());
        assertTrue(browser.text().contains("platform-admin"), "signed in with the realm's role:\n" + browser.text());
        assertEquals(List.of(), browser.consoleProblems(), "console errors on the home page");
        assertEquals(List.of(), browser.failedResources(), "5xx resources on the home page");
        browser.screenshot("keycloak-1-console-home");
    }

    /**
     * Issue 11, point 5: everything through the console, nothing through the admin API. An API whose first route
     * strips its prefix, a second route of the same prefix for requests that carry {@code X-Variant: beta}, which
     * rewrites {@code /orders/{n}/items} to {@code /v2/orders/{n}/lines}, moved up before the first; a plan; an organization; an application;
     * its subscription to the plan; a key shown once. Then both routes answer through the gateway with that key.
     */
    @Test
    @Order(2)
    void the_admin_builds_an_api_product_in_the_console_that_the_gateway_serves_on_both_routes_with_a_partners_key() throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String route = "/kc-" + suffix;
        String apiName = "Keycloak walk " + suffix;
        String apiId = createPublishedApiInConsole(apiName, route, upstream.url() + "/svc-" + suffix);
        addBetaRouteInConsole(apiId, route);
        createPlanInConsole(apiId, "Gold " + suffix);
        String orgId = createOrganizationInConsole("Partner " + suffix);
        String appId = createApplicationInConsole("Mobile " + suffix);
        subscribeInConsole(appId, apiName + " v1 · Gold " + suffix);
        String key = issueKeyInConsole(orgId, appId);

        Http.Answer first = eventually(200, gateway.url() + route + "/orders/7/items?x=1", key);
        assertEquals(200, first.status(), first.body());
        assertEquals("/svc-" + suffix + "/orders/7/items", first.json().get("path").asText(),
                "without the header, the first route strips its prefix and forwards to the upstream URL's path");
        Http.Answer beta = Http.get(gateway.url() + route + "/orders/7/items?x=1", "X-Api-Key", key, "X-Variant", "beta");
        assertEquals(200, beta.status(), beta.body());
        assertEquals("/svc-" + suffix + "/v2/orders/7/lines", beta.json().get("path").asText(),
                "with X-Variant: beta, the second route rewrites the path");
        assertEquals(401, Http.get(gateway.url() + route + "/hello").status(), "no key, no call");
    }

    /** Adds the second route on the API's page: same prefix, header condition, regex rewrite. */
    private void addBetaRouteInConsole(String apiId, String route) throws IOException {
        browser.open(management.url() + "/console/apis/" + apiId);
        browser.clickAndWait(By.id("add-route"));
        browser.type(By.id("pathPrefix"), route);
        browser.type(By.id("headers"), "X-Variant: beta");
        browser.await(By.id("forward-rewrite")).click();
        browser.type(By.id("rewritePattern"), "/orders/(\\d+)/items");
        browser.type(By.id("rewriteReplacement"), "/v2/orders/$1/lines");
        browser.clickAndWait(By.id("save-route"));
        assertEquals("/console/apis/" + apiId, browser.path(), browser.text());
        String routes = browser.await(By.id("routes-table")).getText();
        assertTrue(routes.contains("X-Variant") && routes.contains("/v2/orders/$1/lines"), routes);
        assertEquals(2, browser.all(By.cssSelector("#routes-table tbody tr")).size(), routes);
        // Among routes of one prefix the first in the list wins: the conditional route goes before the catch-all.
        browser.clickAndWait(By.id("move-up-1"));
        assertTrue(browser.await(By.id("route-0")).getText().contains("X-Variant: beta"), browser.text());
        browser.screenshot("keycloak-3-routes");
    }

    /** Creates an organization on the partners page; answers its id. */
    private String createOrganizationInConsole(String name) {
        browser.open(management.url() + "/console/partners");
        browser.unfold(By.id("new-organization"));
        browser.type(By.id("org-name"), name);
        browser.clickAndWait(By.id("create-organization"));
        assertEquals(name, browser.await(By.id("org-name")).getText(), browser.text());
        return lastSegment(browser.path());
    }

    /** Creates an application on the organization's page (where the browser is); answers its id. */
    private String createApplicationInConsole(String name) {
        browser.unfold(By.id("new-application"));
        browser.type(By.id("app-name"), name);
        browser.clickAndWait(By.id("create-application"));
        WebElement section = browser.all(By.cssSelector("section[id^=app-]")).stream()
                .filter(e -> e.getText().contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no application " + name + " on\n" + browser.text()));
        return section.getAttribute("id").substring("app-".length());
    }

    /** Subscribes the application to the plan the select names {@code label}; it is active at once. */
    private void subscribeInConsole(String appId, String label) {
        new Select(browser.await(By.id("app-" + appId + "-plan"))).selectByVisibleText(label);
        browser.clickAndWait(By.id("app-" + appId + "-subscribe"));
        String subscriptions = browser.await(By.cssSelector("#app-" + appId + " table.subscriptions")).getText();
        assertTrue(subscriptions.contains("active"), subscriptions);
    }

    /** Issues a key; the page shows it once, and a reload says it is gone (410). */
    private String issueKeyInConsole(String orgId, String appId) throws IOException {
        browser.open(management.url() + "/console/partners/" + orgId);
        browser.type(By.id("app-" + appId + "-key-name"), "e2e");
        browser.clickAndWait(By.id("app-" + appId + "-issue-key"));
        String key = browser.await(By.id("new-key")).getText().strip();
        assertTrue(key.matches("gh_[A-Za-z0-9]{40}"), key);
        browser.screenshot("keycloak-5-key-shown-once");
        String shown = browser.url();
        browser.open(shown);
        assertEquals(410, browser.status(), browser.text());
        assertFalse(browser.text().contains(key), "a reload never shows the key again");
        browser.consoleProblems(); // Chromium logs the 410 this step asked for; the walk below must not see it.
        return key;
    }

    @Test
    @Order(3)
    void every_console_page_in_reach_of_the_navigation_fits_1366_and_390_pixels_without_errors() throws Exception {
        List<String> pages = consolePages();
        assertTrue(pages.size() >= 7, "the navigation leads to at least its seven sections: " + pages);
        List<String> problems = new ArrayList<>();
        for (int[] viewport : VIEWPORTS) {
            browser.viewport(viewport[0], viewport[1]);
            for (String page : pages) {
                browser.open(page);
                String where = page.substring(management.url().length()) + " at " + viewport[0] + " px";
                int status = browser.status();
                if (status != 200) {
                    problems.add(where + ": answered " + status);
                }
                int overflow = browser.horizontalOverflow();
                if (overflow > 0) {
                    problems.add(where + ": " + overflow + " px wider than the window (scrolls sideways), because of "
                            + browser.overflowingElements());
                    savePage(page, viewport[0]);
                }
                browser.consoleProblems().forEach(p -> problems.add(where + ": console: " + p));
                browser.failedResources().forEach(r -> problems.add(where + ": resource answered " + r));
            }
            browser.open(management.url() + "/console");
            browser.screenshot("keycloak-2-console-home-" + viewport[0]);
        }
        System.out.printf("walked %d console pages at %d widths: %s%n", pages.size(), VIEWPORTS.length, pages);
        assertEquals(List.of(), problems, "console pages that break (of " + pages + ")");
    }

    /**
     * The check that {@code tools/smoke-up-down.sh} makes after {@code ./gatehouse up} ({@code tools/console_smoke.py}:
     * the login form posted without JavaScript, cookies kept, the console home answering 200), against this realm.
     */
    @Test
    @Order(4)
    void the_console_smoke_script_signs_in_through_the_same_realm_and_refuses_a_wrong_password() throws Exception {
        Smoke signedIn = consoleSmoke(keycloak.consolePassword());
        assertEquals(0, signedIn.exitCode(), signedIn.output());
        assertTrue(signedIn.output().contains("answered 200"), signedIn.output());

        Smoke refused = consoleSmoke("not-the-password");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().toLowerCase().contains("invalid"), "says why: " + refused.output());
    }

    private record Smoke(int exitCode, String output) {
    }

    private Smoke consoleSmoke(String password) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("python3", ServiceProcess.ROOT.resolve("tools/console_smoke.py").toString(),
                "--url", management.url() + "/console", "--user", keycloak.consoleUser()).redirectErrorStream(true);
        pb.environment().put("GATEHOUSE_CONSOLE_PASSWORD", password);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tools/console_smoke.py took more than 90 s");
        }
        return new Smoke(p.exitValue(), new String(p.getInputStream().readAllBytes()).strip());
    }

    /** Keeps the HTML of a page that broke in e2e-tests/target/pages/, to look at its layout offline. */
    private void savePage(String page, int width) throws IOException {
        Path dir = ServiceProcess.ROOT.resolve("e2e-tests/target/pages");
        Files.createDirectories(dir);
        String name = kind(page).replaceAll("[^A-Za-z0-9]+", "_") + "-" + width + ".html";
        Files.writeString(dir.resolve(name), browser.source());
    }

    /** Fills in the console's "New API" form, then publishes the API; answers its id. */
    private String createPublishedApiInConsole(String name, String routePath, String upstreamUrl) throws IOException {
        browser.open(management.url() + "/console/apis");
        browser.clickAndWait(By.id("new-api"));
        browser.type(By.cssSelector("#api-form #name"), name);
        browser.type(By.cssSelector("#api-form #version"), "v1");
        browser.type(By.id("routePath"), routePath);
        browser.type(By.id("upstreamUrl"), upstreamUrl);
        browser.clickAndWait(By.id("create"));
        assertTrue(browser.await(By.id("api-name")).getText().contains(name), browser.text());
        String apiId = lastSegment(browser.path());
        new Select(browser.await(By.id("lifecycle-target"))).selectByValue("published");
        browser.clickAndWait(By.id("change-lifecycle"));
        browser.await(By.cssSelector("#lifecycle.published"));
        browser.screenshot("keycloak-2-api");
        return apiId;
    }

    /** Creates a plan of 600 requests a minute, no approval, from the API's page; answers its id. */
    private String createPlanInConsole(String apiId, String name) throws IOException {
        browser.open(management.url() + "/console/apis/" + apiId);
        browser.clickAndWait(By.id("new-plan"));
        browser.type(By.cssSelector("#plan-form #name"), name);
        browser.type(By.id("rateMinute"), "600");
        browser.clickAndWait(By.id("create-plan"));
        assertTrue(browser.await(By.id("plan-facts")).getText().contains("600 per minute"), browser.text());
        browser.screenshot("keycloak-4-plan");
        return lastSegment(browser.path());
    }

    /** Calls {@code url} with the key until it answers {@code wanted}: the gateway applies config in well under a second. */
    private static Http.Answer eventually(int wanted, String url, String key) throws InterruptedException {
        Http.Answer last = null;
        for (int i = 0; i < 300; i++) {
            last = Http.get(url, "X-Api-Key", key);
            if (last.status() == wanted) {
                return last;
            }
            Thread.sleep(10);
        }
        return last;
    }

    /**
     * Every console page a signed-in admin reaches by links from the console's navigation: the sections, then the
     * pages they link to (an API, a plan, the gateway options, ...), one page of each kind. Only pages are followed:
     * not sign-out, the stylesheets and scripts, nor downloads (reports, exports).
     */
    private List<String> consolePages() {
        String console = management.url() + "/console";
        browser.open(console);
        Set<String> seen = new HashSet<>();
        List<String> pages = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(console);
        queue.addAll(browser.links(By.cssSelector("header.top nav a[href]")));
        while (!queue.isEmpty() && pages.size() < MAX_PAGES) {
            String url = queue.poll().replaceFirst("#.*$", "");
            if (!isPage(console, url) || !seen.add(kind(url))) {
                continue;
            }
            browser.open(url);
            // A download (the audit log's CSV) leaves the browser where it was: not a page.
            if (browser.url().replaceFirst("#.*$", "").equals(url)) {
                pages.add(url);
                queue.addAll(browser.links(By.cssSelector("a[href]")));
            }
        }
        return pages;
    }

    private static boolean isPage(String console, String url) {
        if (!(url.equals(console) || url.startsWith(console + "/") || url.startsWith(console + "?"))) {
            return false;
        }
        String path = URI.create(url).getPath();
        String query = URI.create(url).getRawQuery();
        return !path.equals("/console/logout") && !path.startsWith("/console/assets/")
                && !path.contains("/reports/") && (query == null || !query.contains("format="));
    }

    /** The kind of a page: its path with ids and numbers as {@code {id}}, and the names of its query parameters. */
    private static String kind(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath().replaceAll("/[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}(?=/|$)", "/{id}")
                .replaceAll("/\\d+(?=/|$)", "/{n}");
        TreeSet<String> parameters = new TreeSet<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                parameters.add(pair.split("=", 2)[0]);
            }
        }
        return path + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
