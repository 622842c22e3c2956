package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #17's page sweep: every page a person uses, in real headless Chromium at 1366 px and at a phone's 390 px — the
 * portal signed out and signed in (two partners: one with an open month and its cost estimate, one whose month is closed
 * and invoiced) and the admin console signed in through the test identity provider. No page may scroll sideways, log a
 * console error (a script error, a refused load, a Content-Security-Policy violation: the browser log at SEVERE), or
 * answer a 5xx (the document's status from Navigation Timing, and every resource it loaded).
 *
 * <p>The data is real and made the way people make it: the admin's products, priced plans and guide through the admin
 * API, the partners' sign-up, applications, subscriptions, keys and invitation through the portal's forms, usage through
 * the gateway into billing's ledger, and the invoice by closing the month with billing's own close — run in a second
 * billing process whose clock is 40 days ahead (libfaketime), since a month can only close once it has ended.
 *
 * <p>{@link #every_html_get_route_of_the_portal_and_the_console_is_swept()} reads the page routes from the source and
 * fails when the sweep missed one. With {@code -Dgatehouse.screenshots=<dir>} the sweep also writes the portal README's
 * screenshots (catalog, product, usage with its estimate, invoice; 1366 px) there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageSweepTest {

    private static final String PEPPER = "e2e-sweep-pepper-0123456789abcdef0123456";
    private static final String GATEWAY_TOKEN = "e2e-sweep-gateway-token-0123456789";
    private static final String ADMIN_TOKEN = "e2e-sweep-admin-token-0123456789";
    private static final String PORTAL_TOKEN = "e2e-sweep-portal-token-0123456789";
    private static final String BILLING_TOKEN = "e2e-sweep-billing-token-0123456789";
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern MAIL_LINK = Pattern.compile("Mail to (\\S+): .* — (\\S+)");
    private static final String LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private static final int[] WIDTHS = {1366, 390};

    /**
     * GET routes that answer HTML among other types but are not pages a person reads; each says why. Everything else
     * the scan finds must be swept.
     */
    private static final Map<String, String> NOT_PAGES = Map.of(
            // A bookmark or reload of the try-it console's form address: a 303 to the API's page (swept).
            "/apis/{slug}/{version}/try", "redirect",
            // The product page's "grant an API" select, sent as a GET form: a 303 to that API's grant form (swept).
            "/console/products/{id}/grant", "redirect",
            // Downloads: CSV (or JSON) reports; HTML only for their error answers.
            "/console/billing/reports/usage", "CSV download",
            "/console/billing/reports/invoices", "CSV download",
            // The portal logo as the console previews it: an image (HTML only for its 404).
            "/console/portal/logo", "logo image");

    private String dbUrl;
    private String redis;
    private String namespace;
    private String billingUrl;
    private ClockAheadProcess billingLater;
    private EchoUpstream upstream;
    private ServiceProcess management;
    private ServiceProcess gateway;
    private ServiceProcess portal;
    private Admin admin;
    private final Closer closer = new Closer();
    private final Set<String> sweptPaths = new TreeSet<>();
    private Path screenshots;

    // What the seeding made, for the page list.
    private String weatherApi;
    private String airApi;
    private String product;
    private String growthPlan;

    @BeforeAll
    void start_the_stack() throws Exception {
        assumeTrue(Browser.available(), "chromium and chromedriver are not installed");
        String shots = System.getProperty("gatehouse.screenshots");
        screenshots = shots == null || shots.isBlank() ? null : Path.of(shots).toAbsolutePath();
        System.setProperty("quarkus.test.oidc.token.admin-roles", "platform-admin");
        OidcWiremockTestResource identityProvider = new OidcWiremockTestResource();
        String issuer = identityProvider.start().get("keycloak.url") + "/realms/quarkus";
        closer.add(identityProvider::stop);

        dbUrl = PostgresDatabase.recreate("gatehouse_e2e_sweep");
        namespace = "e2e-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        Path gatewayData = Files.createTempDirectory("gatehouse-gateway-");
        int portalPort = ServiceProcess.freePort();
        int billingPort = ServiceProcess.freePort();

        management = closer.add(new ServiceProcess("sweep-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN,
                "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN, "GATEHOUSE_BILLING_URL", "http://127.0.0.1:" + billingPort,
                "GATEHOUSE_PORTAL_URL", "http://127.0.0.1:" + portalPort, "GATEHOUSE_MAIL_MOCK", "true",
                "GATEHOUSE_OIDC_URL", issuer, "GATEHOUSE_OIDC_CLIENT_ID", "quarkus-service-app",
                "GATEHOUSE_CONSOLE_CLIENT_ID", "quarkus-web-app",
                "GATEHOUSE_CONSOLE_CLIENT_SECRET", "e2e-console-secret-0123456789abcdef0123456789")));
        management.start();
        gateway = closer.add(new ServiceProcess("sweep-gateway", "gateway-runtime", ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN, "GATEHOUSE_GATEWAY_DATA_DIR", gatewayData.toString(),
                "GATEHOUSE_GATEWAY_NODE_ID", "gw-sweep")));
        gateway.start();
        portal = closer.add(new ServiceProcess("sweep-portal", "developer-portal", portalPort, ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN,
                "GATEHOUSE_PUBLIC_GATEWAY_URL", gateway.url())));
        portal.start();
        // The billing that closes the month starts last, and is awaited only when the month closes (its clock makes it slow).
        Map<String, String> later = billingEnv(issuer);
        later.putAll(ServiceProcess.env("FAKETIME", "+40d", "FAKETIME_DONT_FAKE_MONOTONIC", "1", "LD_PRELOAD", LIBFAKETIME,
                "GATEHOUSE_BILLING_CONSUMER_ENABLED", "false", "QUARKUS_SCHEDULER_ENABLED", "false",
                "GATEHOUSE_BILLING_EXPORT_DIR", Files.createTempDirectory("gatehouse-sweep-exports").toString()));
        assertTrue(Files.exists(Path.of(LIBFAKETIME)), "libfaketime is installed (apt-get install -y faketime)");
        closer.add(new ServiceProcess("sweep-billing", "billing-metering", billingPort, billingEnv(issuer))).start();
        billingLater = closer.add(ClockAheadProcess.start("sweep-billing-40-days-later", "billing-metering", later));
        billingUrl = "http://127.0.0.1:" + billingPort;
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
    }

    private Map<String, String> billingEnv(String issuer) {
        return ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_OIDC_URL", issuer);
    }

    @AfterAll
    void stop_the_stack() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void no_page_of_the_portal_or_the_console_overflows_logs_a_console_error_or_answers_5xx_at_1366_and_390_px()
            throws Exception {
        seedTheCatalog();
        List<String> problems = new ArrayList<>();

        // Two partners sign up through the portal's forms (signed out).
        Browser visitor = closer.add(Browser.start());
        Browser ada = closer.add(Browser.start());
        Browser grace = closer.add(Browser.start());
        String adaEmail = "ada-" + suffix() + "@engines.example";
        String graceEmail = "grace-" + suffix() + "@northwind.example";
        signUp(visitor, "Ada Lovelace", adaEmail, "Analytical Engines Ltd");
        signUp(visitor, "Grace Hopper", graceEmail, "Northwind Logistics");

        // Ada: an application on the Growth plan, a key, an invitation to a colleague.
        logIn(ada, adaEmail);
        String adaApp = newApplication(ada, "Route planner");
        String adaSubscription = subscribe(ada, adaApp, "Growth");
        String adaKey = newKey(ada, adaApp);
        ada.open(portal.url() + "/organization");
        String colleague = "lin-" + suffix() + "@engines.example";
        ada.type(By.id("invite-email"), colleague);
        ada.clickAndWait(By.cssSelector("form[action='/organization/invitations'] button[type='submit']"));
        String invitationToken = awaitMailLink(colleague).replaceAll(".*[?&]token=", "");

        // Grace: an application on the Starter plan; her calls go into a month that is then closed and invoiced.
        logIn(grace, graceEmail);
        String graceApp = newApplication(grace, "Fleet tracker");
        String graceSubscription = subscribe(grace, graceApp, "Starter");
        String graceKey = newKey(grace, graceApp);
        String graceOrg = admin.call("GET", "/admin/v1/subscriptions/" + graceSubscription, null).get("organizationId").asText();
        String adaOrg = admin.call("GET", "/admin/v1/subscriptions/" + adaSubscription, null).get("organizationId").asText();
        callApis(graceKey, 14);
        String invoice = closeTheMonth(graceOrg, 14);
        callApis(adaKey, 37);
        awaitLedger(adaOrg, 37);

        // Signed out.
        String docs = docsPathOf(visitor, weatherApi);
        String guide = path(firstLink(visitor, portal.url() + docs, "a[href*='/guides/']"));
        List<Visit> signedOut = new ArrayList<>(List.of(
                page("/"), page("/?q=weather"), page("/products"), page("/products/" + product), page(docs), page(guide),
                page("/signup"), page("/signup/sent"), page("/verify?token=not-a-real-token"), page("/verify/done"),
                page("/login"), page("/reset-password"), page("/reset-password/sent"),
                page("/reset-password/confirm?token=not-a-real-token"), page("/reset-password/done"),
                page("/organization/left"), page("/invitations/accept?token=" + invitationToken),
                page("/logout")));
        sweep(visitor, portal.url(), signedOut, problems, "signed out");

        // Ada, signed in, her month open: the estimate, her keys, her organization.
        String appPath = "/applications/" + adaApp;
        adaUsagePath = appPath + "/usage";
        ada.open(portal.url() + appPath);
        String cancel = path(firstLink(ada, null, "a[href$='/cancel']"));
        String changePlan = path(firstLink(ada, null, "a[href$='/plan']"));
        String revoke = path(firstLink(ada, null, "a[href$='/revoke']"));
        ada.open(portal.url() + "/organization");
        String withdraw = path(firstLink(ada, null, "a[href*='/organization/invitations/'][href$='/revoke']"));
        String leave = path(firstLink(ada, null, "a[href*='/organization/members/'][href$='/remove']"));
        List<Visit> adaPages = new ArrayList<>(List.of(
                page("/"), page("/products"), page("/products/" + product), page(docs), page(guide),
                page("/dashboard"), page("/applications"), page("/applications/new"), page(appPath),
                page(appPath + "/usage"), page(cancel), page(changePlan), page(revoke),
                action("a new key, shown once", b -> {
                    b.open(portal.url() + appPath);
                    b.clickAndWait(By.cssSelector("form[action='" + appPath + "/keys'] button[type='submit']"));
                    b.await(By.id("new-key"));
                }),
                action("a try-it answer", b -> {
                    b.open(portal.url() + docs);
                    b.await(By.cssSelector("details.try-it summary")).click();
                    b.type(By.cssSelector("form.try-form input[name='key']"), adaKey);
                    b.clickAndWait(By.cssSelector("form.try-form button[type='submit']"));
                    b.await(By.id("try-status"));
                }),
                page("/organization"), page(withdraw), page(leave), page("/account/notifications"), page("/invoices"),
                page("/logout")));
        sweep(ada, portal.url(), adaPages, problems, "Ada (open month)");

        // Grace, signed in, her month closed: the invoice and its list.
        List<Visit> gracePages = List.of(page("/dashboard"), page("/applications/" + graceApp),
                page("/applications/" + graceApp + "/usage"), page("/invoices"), page("/invoices/" + invoice));
        sweep(grace, portal.url(), gracePages, problems, "Grace (closed month)");

        // The admin console, signed in through the identity provider.
        Browser console = closer.add(Browser.start());
        console.open(management.url() + "/console");
        console.type(By.id("username"), "alice");
        console.type(By.id("password"), "alice");
        console.clickAndWait(By.id("login"));
        console.await(By.id("overview"));
        JsonNode weather = admin.call("GET", "/admin/v1/apis/" + weatherApi, null);
        String route = weather.get("routes").get(0).get("id").asText();
        String r = "/console/apis/" + weatherApi + "/routes/" + route;
        List<Visit> consolePages = List.of(
                page("/console"), page("/console/apis"), page("/console/apis/new"), page("/console/apis/import"),
                page("/console/apis/" + weatherApi), page("/console/apis/" + weatherApi + "/gateway"),
                page("/console/apis/" + weatherApi + "/routes/new"), page(r + "/edit"), page(r + "/delete"),
                page("/console/products"), page("/console/products/" + product),
                page("/console/products/" + product + "/edit"), page("/console/products/" + product + "/delete"),
                page("/console/products/" + product + "/apis/" + airApi),
                page("/console/products/" + product + "/apis/" + airApi + "/remove"),
                page("/console/plans/new?productId=" + product), page("/console/plans/" + growthPlan),
                page("/console/partners"), page("/console/partners/" + adaOrg), page("/console/partners/" + graceOrg),
                page("/console/applications"), page("/console/subscriptions"), page("/console/keys"),
                action("a rotated key, shown once", b -> {
                    String key = admin.call("POST", "/admin/v1/applications/" + adaApp + "/keys",
                            Map.of("name", "rotated in the console")).get("details").get("id").asText();
                    b.open(management.url() + "/console/partners/" + adaOrg);
                    b.clickAndWait(By.cssSelector("#key-" + key + " button.rotate"));
                    b.await(By.id("new-key"));
                }),
                page("/console/analytics"), page("/console/analytics?apiId=" + weatherApi), page("/console/billing"),
                page("/console/billing/invoices/" + invoice), page("/console/gateways"), page("/console/audit"),
                page("/console/portal"));
        sweep(console, management.url(), consolePages, problems, "console");

        assertEquals(List.of(), problems, "pages that overflow, log a console error or answer 5xx");
    }

    @Test
    @Order(2)
    void every_html_get_route_of_the_portal_and_the_console_is_swept() throws Exception {
        PageRoutes portalRoutes = PageRoutes.scan(ServiceProcess.ROOT.resolve("developer-portal/src/main/java"));
        PageRoutes consoleRoutes = PageRoutes.scan(
                ServiceProcess.ROOT.resolve("management-service/src/main/java/io/gatehouse/management/console"));
        List<PageRoutes.Route> all = new ArrayList<>(portalRoutes.routes());
        all.addAll(consoleRoutes.routes());
        assertTrue(portalRoutes.routes().size() >= 30 && consoleRoutes.routes().size() >= 25,
                "the scan finds the pages (portal " + portalRoutes.routes().size() + ", console "
                        + consoleRoutes.routes().size() + "): " + all);
        Set<String> templates = new TreeSet<>();
        all.forEach(route -> templates.add(route.template()));
        for (String excluded : NOT_PAGES.keySet()) {
            assertTrue(templates.contains(excluded), "the exclusion " + excluded + " names no route of the code any more");
        }
        assertTrue(!sweptPaths.isEmpty(), "the sweep ran first and visited pages");
        Set<String> covered = new LinkedHashSet<>();
        for (String path : sweptPaths) {
            PageRoutes known = path.startsWith("/console") ? consoleRoutes : portalRoutes;
            known.routeOf(path).ifPresent(route -> covered.add(route.template()));
        }
        List<String> missing = templates.stream()
                .filter(t -> !covered.contains(t) && !NOT_PAGES.containsKey(t)).toList();
        assertEquals(List.of(), missing, "page routes the sweep does not visit (swept: " + sweptPaths + ")");
    }

    // ---- the sweep

    /** A page of the sweep: opened by address, or reached by doing what a person does (a form that shows a key once). */
    private record Visit(String name, BrowserStep go) {
    }

    @FunctionalInterface
    private interface BrowserStep {
        void run(Browser browser) throws Exception;
    }

    private static Visit page(String path) {
        return new Visit(path, null);
    }

    private static Visit action(String name, BrowserStep step) {
        return new Visit(name, step);
    }

    private void sweep(Browser browser, String origin, List<Visit> visits, List<String> problems, String who) throws Exception {
        for (int width : WIDTHS) {
            browser.viewport(width, 900);
            browser.consoleProblems(); // what earlier steps logged is not this sweep's
            for (Visit visit : visits) {
                if (visit.go() == null) {
                    browser.open(origin + visit.name());
                    browser.await(By.cssSelector("main"));
                } else {
                    visit.go().run(browser);
                }
                String where = who + ", " + width + " px, " + visit.name() + " (" + browser.path() + ")";
                sweptPaths.add(browser.path());
                int status = browser.status();
                if (status >= 500 || status == 0) {
                    problems.add(where + ": answered " + status);
                }
                browser.failedResources().forEach(f -> problems.add(where + ": a resource answered " + f));
                int overflow = browser.horizontalOverflow();
                if (overflow > 0) {
                    problems.add(where + ": " + overflow + " px wider than the viewport; sticking out: "
                            + browser.overflowingElements());
                    browser.screenshot("sweep-overflow-" + width + visit.name().replaceAll("[^a-z0-9]+", "-"));
                }
                browser.consoleProblems().forEach(p -> problems.add(where + ": console: " + p));
            }
            if (width == WIDTHS[0] && screenshots != null) {
                readmeScreenshots(browser, origin, who);
            }
        }
    }

    private String adaUsagePath;

    /** The portal README's pictures, from the partner whose page shows it: catalog, product and usage (Ada), invoice (Grace). */
    private void readmeScreenshots(Browser browser, String origin, String who) throws Exception {
        Files.createDirectories(screenshots);
        if (who.startsWith("Ada")) {
            shoot(browser, origin + "/", "catalog");
            shoot(browser, origin + "/products/" + product, "product");
            shoot(browser, origin + adaUsagePath, "usage");
        } else if (who.startsWith("Grace")) {
            browser.open(origin + "/invoices");
            shoot(browser, firstLink(browser, null, "a[href*='/invoices/']:not([href$='.csv'])"), "invoice");
        }
    }

    private void shoot(Browser browser, String url, String name) throws Exception {
        browser.open(url);
        browser.await(By.cssSelector("main"));
        browser.screenshot("readme-" + name);
        Files.copy(ServiceProcess.ROOT.resolve("e2e-tests/target/screenshots/readme-" + name + ".png"),
                screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- the data

    private void seedTheCatalog() {
        weatherApi = importApi("Weather forecasts", "weather", "/forecast", "Hourly and daily forecasts for any place",
                "Forecasts for **any place on Earth**, by the hour or by the day, from the same models the national "
                        + "weather services run.", List.of("weather", "forecasts"));
        airApi = importApi("Air quality", "air", "/index", "Today's air quality index",
                "The **air quality index** and its pollutants (PM2.5, PM10, ozone, NO₂), updated every hour.",
                List.of("weather", "health"));
        admin.call("PUT", "/admin/v1/apis/" + weatherApi + "/guides/getting-started", Map.of("title", "Getting started",
                "markdown", "# Getting started\n\n1. Create an application.\n2. Subscribe it to a plan.\n"
                        + "3. Call `GET /weather/forecast?city=Lisbon` with your key in `X-Api-Key`.\n", "position", 0));
        product = admin.create("/admin/v1/products", Map.of("name", "Weather & Air",
                "description", "Forecasts and air quality for logistics, travel and outdoor apps, on one key."));
        admin.call("PUT", "/admin/v1/products/" + product + "/apis/" + weatherApi, Map.of());
        admin.call("PUT", "/admin/v1/products/" + product + "/apis/" + airApi, Map.of("methods", List.of("GET", "HEAD")));
        admin.create("/admin/v1/products/" + product + "/plans", Map.of("name", "Starter",
                "description", "For trying the APIs out and for small apps.",
                "currency", "EUR", "flatFee", "0", "includedRequests", 10, "overageModel", "tiered",
                "priceTiers", List.of(Map.of("unitPrice", "4.00", "perUnits", 1000)),
                "limits", List.of(Map.of("kind", "rate", "maxRequests", 60, "timeUnit", "minute"),
                        Map.of("kind", "quota", "maxRequests", 10_000, "timeUnit", "month"))));
        growthPlan = admin.create("/admin/v1/products/" + product + "/plans", Map.of("name", "Growth",
                "description", "For apps in production: more calls, lower overage.",
                "currency", "EUR", "flatFee", "9.90", "includedRequests", 20, "overageModel", "tiered",
                "priceTiers", List.of(Map.of("upTo", 1_000_000, "unitPrice", "2.50", "perUnits", 1000),
                        Map.of("unitPrice", "1.50", "perUnits", 1000)),
                "limits", List.of(Map.of("kind", "rate", "maxRequests", 600, "timeUnit", "minute"),
                        Map.of("kind", "quota", "maxRequests", 1_000_000, "timeUnit", "month"))));
    }

    private String importApi(String title, String segment, String operation, String summary, String description,
                             List<String> tags) {
        Map<String, Object> document = Map.of("openapi", "3.1.0",
                "info", Map.of("title", title, "version", "1.0", "description", description),
                "servers", List.of(Map.of("url", upstream.url() + "/" + segment)),
                "paths", Map.of(operation, Map.of("get", Map.of("summary", summary, "operationId", segment + "Get",
                        "parameters", List.of(Map.of("name", "city", "in", "query", "schema", Map.of("type", "string"))),
                        "responses", Map.of("200", Map.of("description", "the answer"))))));
        String id = admin.call("POST", "/admin/v1/apis/import?routePath=/" + segment, document).get("id").asText();
        admin.call("PATCH", "/admin/v1/apis/" + id, Map.of("name", title, "lifecycle", "published",
                "description", description, "tags", tags));
        return id;
    }

    private void signUp(Browser browser, String name, String email, String company) throws Exception {
        browser.open(portal.url() + "/signup");
        browser.type(By.name("name"), name);
        browser.type(By.name("email"), email);
        browser.type(By.name("company"), company);
        browser.type(By.name("password"), PASSWORD);
        browser.clickAndWait(By.cssSelector("form[action='/signup'] button[type='submit']"));
        String link = awaitMailLink(email);
        browser.open(portal.url() + link.substring(link.indexOf("/verify?")));
        browser.clickAndWait(By.cssSelector("form[action='/verify'] button[type='submit']"));
        assertTrue(browser.text().contains("Email verified"), browser.text());
    }

    private void logIn(Browser browser, String email) {
        browser.open(portal.url() + "/login");
        browser.type(By.name("email"), email);
        browser.type(By.name("password"), PASSWORD);
        browser.clickAndWait(By.cssSelector("form[action='/login'] button[type='submit']"));
        assertTrue(browser.path().endsWith("/dashboard"), browser.url());
    }

    private String newApplication(Browser browser, String name) {
        browser.open(portal.url() + "/applications/new");
        browser.type(By.name("name"), name);
        browser.clickAndWait(By.cssSelector("form[action='/applications'] button[type='submit']"));
        String path = browser.path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Subscribes the application to the product's plan {@code plan}; answers the subscription's id. */
    private String subscribe(Browser browser, String app, String plan) {
        String appPath = "/applications/" + app;
        browser.open(portal.url() + appPath);
        browser.await(By.xpath("//label[contains(., '" + plan + "')]/input")).click();
        browser.clickAndWait(By.cssSelector("form[action='" + appPath + "/subscriptions'] button[type='submit']"));
        String row = browser.await(By.cssSelector("tr[id^='subscription-']")).getAttribute("id");
        return row.substring("subscription-".length());
    }

    private String newKey(Browser browser, String app) {
        browser.open(portal.url() + "/applications/" + app);
        browser.clickAndWait(By.cssSelector("form[action='/applications/" + app + "/keys'] button[type='submit']"));
        return browser.await(By.id("new-key")).getDomAttribute("value");
    }

    /** {@code calls} requests through the gateway, over both APIs of the product, once the key works. */
    private void callApis(String key, int calls) throws InterruptedException {
        for (int i = 0; i < 200 && Http.get(gateway.url() + "/weather/forecast", "X-Api-Key", key).status() != 200; i++) {
            Thread.sleep(20);
        }
        for (int i = 1; i < calls; i++) {
            String path = i % 3 == 0 ? "/air/index?city=Lisbon" : "/weather/forecast?city=Porto&day=" + i;
            assertEquals(200, Http.get(gateway.url() + path, "X-Api-Key", key).status(), path);
        }
    }

    /** Waits until billing's ledger holds {@code requests} calls of {@code organization} this month. */
    private void awaitLedger(String organization, int requests) throws InterruptedException {
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        long seen = -1;
        for (int i = 0; i < 150; i++) {
            seen = billing("GET", "/billing/v1/reports/usage?period=" + period + "&organization=" + organization
                    + "&format=json", null)
                    .get("totals").get("requests").asLong();
            if (seen >= requests) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("billing's ledger holds " + seen + " requests, not " + requests);
    }


    private JsonNode billing(String method, String path, Object body) {
        Http.Answer a = Http.send(method, billingUrl + path, body, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertTrue(a.status() / 100 == 2, method + " " + path + " answered " + a.status() + ": " + a.body());
        return a.json();
    }

    /**
     * Closes this month for {@code organization} once its {@code requests} calls are in the ledger, with billing's own
     * close, in a billing process whose clock is 40 days ahead (the month has ended there; its scheduled closing and its
     * consumer are off, so it closes nothing else); answers the invoice's id.
     */
    private String closeTheMonth(String organization, int requests) throws Exception {
        awaitLedger(organization, requests);
        billingLater.awaitReady(Duration.ofSeconds(240));
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        try {
            Http.Answer closed = Http.send("POST", billingLater.url() + "/billing/v1/periods/" + period
                    + "/close?organization=" + organization, null, "Authorization", "Bearer " + ADMIN_TOKEN);
            assertEquals(200, closed.status(), closed.body());
        } catch (java.io.UncheckedIOException slow) {
            // The client gives up after 10 s; under libfaketime on a loaded machine the close can take longer. Its
            // invoice, read below, says whether it happened.
        }
        JsonNode invoices = null;
        for (int i = 0; i < 300 && (invoices == null || invoices.isEmpty()); i++) {
            Thread.sleep(i == 0 ? 0 : 300);
            invoices = billing("GET", "/billing/v1/invoices?organization=" + organization, null).get("items");
        }
        billingLater.close();
        assertEquals(1, invoices.size(), "the closed month's invoice: " + invoices);
        return invoices.get(0).get("id").asText();
    }

    // ---- small helpers

    private String docsPathOf(Browser browser, String api) {
        JsonNode view = admin.call("GET", "/admin/v1/apis/" + api, null);
        return "/apis/" + view.get("slug").asText() + "/" + view.get("version").asText();
    }

    /** The first link {@code css} selects on {@code url} (or on the current page when null). */
    private String firstLink(Browser browser, String url, String css) {
        if (url != null) {
            browser.open(url);
        }
        browser.await(By.cssSelector(css));
        return browser.links(By.cssSelector(css)).get(0);
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static String suffix() {
        return Long.toString(System.nanoTime(), 36);
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
