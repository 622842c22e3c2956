package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #17's acceptance in real headless Chromium, every service its packaged jar run as a process, mails through a
 * real SMTP server (GreenMail in this JVM, {@link Mailbox}):
 * <ol>
 *   <li>an admin signed in to the console (OIDC through the test identity provider) sets the portal's name, primary
 *       colour, logo and a footer link on {@code /console/portal}, and the running portal shows them;</li>
 *   <li>the admin imports two APIs, creates a product of both on {@code /console/products} and two priced plans of it:
 *       Starter (flat fee, included calls, a two-tier overage, 30 a minute, 20 a day, needs approval) and Pro (another
 *       fee and overage, 600 a minute, no approval);</li>
 *   <li>a partner signs up (the verification link read from the mail), sees the prices on the catalog, the product page
 *       and the plan picker, creates an application, subscribes to Starter (the admin approves it in the console), and
 *       calls both APIs through the gateway with its key;</li>
 *   <li>the usage page's estimate, billing's pricing of its ledger, grows after more calls;</li>
 *   <li>the partner changes to Pro on the portal: the gateway's {@code RateLimit-Policy} shows Pro's limit less than a
 *       second after the browser had the form POST's answer;</li>
 *   <li>the mails: "waits for approval" to the partner and to the admin address, "approved", the 80 % day quota mail,
 *       and "invoice issued" after the close;</li>
 *   <li>the month is closed and the partner's invoice, its page and its downloaded CSV, equals billing's invoice
 *       report for the organization and period to the cent.</li>
 * </ol>
 *
 * <p><b>How the month is closed honestly.</b> A period closes only once its month is over (plus billing's one-hour
 * grace), and nothing may be hard-coded. So once the ledger holds every call this test made (billing's estimate counts
 * them all), the billing process is stopped and started again on the same port with its JVM's clock moved 40 days
 * ahead by libfaketime ({@code LD_PRELOAD=…/libfaketime.so.1}, {@code FAKETIME=+40d},
 * {@code FAKETIME_DONT_FAKE_MONOTONIC=1}, as {@code tools/clock-offset-tests.sh} does for tests), PostgreSQL, Redis and
 * every other service staying on real time. For that billing the month of the calls is over, and the test closes it
 * through billing's close API ({@code POST /billing/v1/periods/{period}/close}; the period is the one billing's own
 * estimate named). The invoice is then written by billing's close code from the ledger and management's plans; the test
 * compares what the portal shows and serves with billing's report, never with figures of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductJourneyAcceptanceTest {

    private static final String PEPPER = "e2e-journey-pepper-0123456789abcdef012345";
    private static final String GATEWAY_TOKEN = "e2e-journey-gateway-token-0123456789";
    private static final String ADMIN_TOKEN = "e2e-journey-admin-token-0123456789";
    private static final String PORTAL_TOKEN = "e2e-journey-portal-token-0123456789";
    private static final String BILLING_TOKEN = "e2e-journey-billing-token-0123456789";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ADMIN_MAIL = "api-desk@journey.test";
    private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final Pattern VERIFY_LINK = Pattern.compile("(/verify\\?token=[A-Za-z0-9_\\-%.~]+)");
    private static final By ESTIMATE_TOTAL = By.cssSelector("#estimate-EUR .estimate-total");
    private static final Pattern MINUTE_POLICY = Pattern.compile("\"minute\";q=(\\d+)");

    private EchoUpstream upstream;
    private Mailbox mailbox;
    private ServiceProcess management;
    private ServiceProcess gateway;
    private ServiceProcess portal;
    private ServiceProcess billing;
    private Map<String, String> billingEnv;
    private int billingPort;
    private Admin admin;
    private Browser browser;
    private BrowserDownloads downloads;
    private final Closer closer = new Closer();
    /** Every call this test made through the gateway that was answered 2xx: what the ledger must come to bill. */
    private int billableCalls;

    @BeforeAll
    void start_the_stack() throws Exception {
        assumeTrue(Browser.available(), "chromium and chromedriver are not installed");
        assertTrue(Files.exists(FAKETIME), FAKETIME + " is missing (apt-get install -y faketime): the month cannot close");
        System.setProperty("quarkus.test.oidc.token.admin-roles", "platform-admin");
        OidcWiremockTestResource identityProvider = new OidcWiremockTestResource();
        String issuer = identityProvider.start().get("keycloak.url") + "/realms/quarkus";
        closer.add(identityProvider::stop);
        mailbox = closer.add(new Mailbox());

        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_journey");
        String namespace = "e2e-journey-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        Path gatewayData = Files.createTempDirectory("gatehouse-gateway-");
        int portalPort = ServiceProcess.freePort();
        billingPort = ServiceProcess.freePort();

        management = start(new ServiceProcess("journey-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN,
                "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN, "GATEHOUSE_BILLING_URL", "http://127.0.0.1:" + billingPort,
                "GATEHOUSE_PORTAL_URL", "http://127.0.0.1:" + portalPort,
                // Real SMTP to the test's mailbox, and the notification jobs on a test's pace (defaults 10 s and 5 min).
                "GATEHOUSE_MAIL_MOCK", "false", "GATEHOUSE_SMTP_HOST", "127.0.0.1",
                "GATEHOUSE_SMTP_PORT", Integer.toString(mailbox.port()), "GATEHOUSE_SMTP_STARTTLS", "DISABLED",
                "GATEHOUSE_ADMIN_NOTIFY_EMAILS", ADMIN_MAIL,
                "GATEHOUSE_NOTIFICATIONS_SEND_EVERY", "1s", "GATEHOUSE_NOTIFICATIONS_SCAN_EVERY", "3s",
                "GATEHOUSE_OIDC_URL", issuer, "GATEHOUSE_OIDC_CLIENT_ID", "quarkus-service-app",
                "GATEHOUSE_CONSOLE_CLIENT_ID", "quarkus-web-app",
                "GATEHOUSE_CONSOLE_CLIENT_SECRET", "e2e-console-secret-0123456789abcdef0123456789")));
        gateway = start(new ServiceProcess("journey-gateway", "gateway-runtime", ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN, "GATEHOUSE_GATEWAY_DATA_DIR", gatewayData.toString(),
                "GATEHOUSE_GATEWAY_NODE_ID", "gw-journey")));
        portal = start(new ServiceProcess("journey-portal", "developer-portal", portalPort, ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_PORTAL_TOKEN", PORTAL_TOKEN,
                "GATEHOUSE_PUBLIC_GATEWAY_URL", gateway.url())));
        billingEnv = ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_BILLING_TOKEN", BILLING_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN, "GATEHOUSE_OIDC_URL", issuer,
                "GATEHOUSE_BILLING_EXPORT_DIR", Files.createTempDirectory("gatehouse-billing-exports-").toString());
        billing = start(new ServiceProcess("journey-billing", "billing-metering", billingPort, billingEnv));
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        browser = closer.add(Browser.start());
        downloads = new BrowserDownloads(browser);
    }

    @AfterAll
    void stop_the_stack() throws Exception {
        closer.close();
    }

    @Test
    void a_partner_buys_a_branded_product_of_two_apis_changes_plan_and_gets_an_invoice_equal_to_billings_report()
            throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);

        // 1. The admin signs in to the console and brands the portal.
        browser.open(management.url() + "/console/portal");
        browser.type(By.id("username"), "alice");
        browser.type(By.id("password"), "alice");
        browser.clickAndWait(By.id("login"));
        browser.await(By.id("branding-form"));
        String portalName = "Harbour APIs " + suffix;
        browser.type(By.id("portalName"), portalName);
        browser.type(By.id("primaryColour"), "#0a7d4f");
        browser.type(By.id("footerLinks"), "Status | https://status.example.com/" + suffix);
        browser.clickAndWait(By.id("save-branding"));
        assertEquals(portalName, browser.await(By.id("portalName")).getDomProperty("value"), browser.text());
        browser.await(By.id("logo-file")).sendKeys(logo().toString());
        browser.clickAndWait(By.id("upload-logo"));
        browser.await(By.id("logo-preview"));

        // The running portal shows it (it reads the branding again within seconds; no restart).
        browser.consoleProblems(); // the console's own pages' messages are not the portal's
        awaitPortalBrand(portalName);
        assertEquals("rgba(10, 125, 79, 1)", browser.await(By.cssSelector("header.top nav a")).getCssValue("color"),
                "the menu takes the primary colour");
        WebElement footerLink = browser.await(By.cssSelector("footer .footer-links a"));
        assertEquals("Status", footerLink.getText());
        assertEquals("https://status.example.com/" + suffix, footerLink.getDomAttribute("href"));
        WebElement logo = browser.await(By.cssSelector("header.top img.brand-logo"));
        assertTrue(awaitLoadedImage(logo), "the logo loads in the portal");
        // (The portal has no favicon; Chromium's own request for it is not the page's.)
        List<String> problems = browser.consoleProblems().stream().filter(m -> !m.contains("favicon.ico")).toList();
        assertTrue(problems.isEmpty(), "no console error (CSP intact) on the branded portal: " + problems);
        browser.screenshot("journey-1-branded-portal");

        // 2. Two APIs, a product of both, and two priced plans of the product.
        String stockApi = importAndPublish("Stock quotes " + suffix, "/stock-" + suffix, "/quote", "quote");
        String fxApi = importAndPublish("FX rates " + suffix, "/fx-" + suffix, "/rate", "rate");
        browser.open(management.url() + "/console/products");
        String productName = "Markets bundle " + suffix;
        browser.type(By.cssSelector("#product-form #name"), productName);
        browser.type(By.cssSelector("#product-form #description"), "Quotes and **exchange rates** together.");
        browser.clickAndWait(By.id("create-product"));
        String productPath = browser.path();
        String product = productPath.substring(productPath.lastIndexOf('/') + 1);
        for (String api : List.of(stockApi, fxApi)) {
            new Select(browser.await(By.id("apiId"))).selectByValue(api);
            browser.clickAndWait(By.id("choose-api"));
            browser.clickAndWait(By.id("save-grant"));
        }
        String grants = browser.await(By.id("grants")).getText();
        assertTrue(grants.contains("Stock quotes " + suffix) && grants.contains("FX rates " + suffix), grants);
        String starter = createPlan(product, "Starter " + suffix, true, "30", "20", "9.90", "5", "10", "0.50", "0.20", "1");
        assertTrue(browser.await(By.id("plan-facts")).getText().contains("30 per minute"), browser.text());
        String pro = createPlan(product, "Pro " + suffix, false, "600", null, "29.50", "100", "1000", "0.02", "0.01", "1");
        browser.open(management.url() + productPath);
        String planList = browser.await(By.id("plans")).getText();
        assertTrue(planList.contains("Starter " + suffix) && planList.contains("Pro " + suffix), planList);
        browser.screenshot("journey-2-product");

        // 3. A partner signs up, verifies the address from the mail in the mailbox, and logs in.
        String email = "buyer-" + suffix + "@example.com";
        browser.open(portal.url() + "/signup");
        browser.type(By.name("name"), "Grace Hopper");
        browser.type(By.name("email"), email);
        browser.type(By.name("company"), "Compilers " + suffix);
        browser.type(By.name("password"), PASSWORD);
        browser.clickAndWait(By.cssSelector("form[action='/signup'] button[type='submit']"));
        assertTrue(browser.text().contains("Check your mail"), browser.text());
        Mailbox.Mail verification = mailbox.await(email, "", Duration.ofSeconds(30));
        Matcher link = VERIFY_LINK.matcher(verification.body());
        assertTrue(link.find(), "no verification link in the mail:\n" + verification.body());
        browser.open(portal.url() + link.group(1));
        browser.clickAndWait(By.cssSelector("form[action='/verify'] button[type='submit']"));
        assertTrue(browser.text().contains("Email verified"), browser.text());
        browser.open(portal.url() + "/login");
        browser.type(By.name("email"), email);
        browser.type(By.name("password"), PASSWORD);
        browser.clickAndWait(By.cssSelector("form[action='/login'] button[type='submit']"));
        assertTrue(browser.path().endsWith("/dashboard"), browser.url());

        // It sees the prices on the catalog, the product page and, below, the plan picker.
        openUntil(portal.url() + "/", By.cssSelector("[id='price-" + starter + "']"));
        assertPrices("the catalog", starter, pro);
        openUntil(portal.url() + "/products/" + product, By.cssSelector("[id='price-" + starter + "']"));
        assertTrue(browser.text().contains("Stock quotes " + suffix) && browser.text().contains("FX rates " + suffix),
                browser.text());
        assertPrices("the product page", starter, pro);
        browser.screenshot("journey-3-product-page");

        // It creates an application and subscribes to Starter, which waits for the admin's approval.
        browser.open(portal.url() + "/applications/new");
        browser.type(By.name("name"), "Ticker " + suffix);
        browser.clickAndWait(By.cssSelector("form[action='/applications'] button[type='submit']"));
        String appPath = browser.path();
        assertPrices("the plan picker", starter, pro);
        browser.await(By.id("plan-" + starter)).click();
        browser.clickAndWait(By.cssSelector("form[action='" + appPath + "/subscriptions'] button[type='submit']"));
        String subscription = browser.await(By.cssSelector("tr[id^='subscription-']")).getAttribute("id")
                .substring("subscription-".length());
        assertTrue(browser.text().contains("waiting for approval"), browser.text());
        browser.clickAndWait(By.cssSelector("form[action='" + appPath + "/keys'] button[type='submit']"));
        String key = browser.await(By.id("new-key")).getDomAttribute("value");
        assertTrue(key.startsWith("gh_"), key);
        String organization = admin.call("GET", "/admin/v1/subscriptions/" + subscription, null)
                .get("organizationId").asText();

        // The partner and the admin address are told it waits; the admin approves it in the console.
        mailbox.await(email, "waits for approval", Duration.ofSeconds(30));
        mailbox.await(ADMIN_MAIL, "A subscription waits for approval", Duration.ofSeconds(30));
        browser.open(management.url() + "/console/partners");
        browser.clickAndWait(By.cssSelector("#pending-" + subscription + " button.approve"));
        assertEquals("active", admin.call("GET", "/admin/v1/subscriptions/" + subscription, null).get("status").asText());
        mailbox.await(email, "is approved", Duration.ofSeconds(30));

        // The key calls both APIs of the product through the gateway.
        String quote = "/stock-" + suffix + "/quote";
        String rate = "/fx-" + suffix + "/rate";
        Http.Answer first = awaitStatus(200, quote, key);
        assertTrue(first.body().contains(quote), first.body());
        Http.Answer second = call(rate, key);
        assertEquals(200, second.status(), second.body());
        assertTrue(second.body().contains(rate), second.body());
        assertEquals(30, minuteLimit(second), "Starter's limit: " + second.header("RateLimit-Policy"));

        // 4. The usage page's estimate moves with more calls.
        awaitLedger(organization, billableCalls);
        BigDecimal before = amount(openUntil(portal.url() + appPath + "/usage", ESTIMATE_TOTAL).getText());
        for (int i = 0; i < 8; i++) {
            assertEquals(200, call(i % 2 == 0 ? quote : rate, key).status());
        }
        BigDecimal after = awaitEstimateAbove(appPath + "/usage", before);
        assertTrue(after.compareTo(before) > 0, before + " → " + after);
        assertTrue(browser.text().contains(billableCalls + " billable requests so far"), browser.text());
        browser.screenshot("journey-4-usage-estimate");

        // Past 80 % of Starter's day quota (20): the quota mail.
        for (int i = 0; i < 7; i++) {
            assertEquals(200, call(i % 2 == 0 ? quote : rate, key).status());
        }
        mailbox.await(email, "of today's quota", Duration.ofSeconds(60));

        // 5. The partner changes to Pro on the portal; the gateway's limit follows within a second of the POST's answer.
        Http.Answer onStarter = call(quote, key);
        assertEquals(200, onStarter.status(), onStarter.body());
        assertEquals(30, minuteLimit(onStarter), "still Starter's limit before the change");
        browser.open(portal.url() + appPath);
        browser.clickAndWait(By.id("change-plan-" + subscription));
        assertTrue(browser.await(By.id("billing-rule")).getText().contains("prorated"), browser.text());
        browser.await(By.id("plan-" + pro)).click();
        browser.clickAndWait(By.id("confirm-change"));
        assertTrue(downloads.cameThroughRedirect(), "the change's POST answers with a redirect: " + browser.url());
        long answered = downloads.navigationAnswerEpochMillis();
        long switched = awaitMinuteLimit(600, rate, key);
        long tookMs = switched - answered;
        System.out.printf("the gateway applied the plan change %d ms after the browser had the POST's answer%n", tookMs);
        assertTrue(tookMs < 1000, "the gateway showed Pro's limit " + tookMs + " ms after the POST's answer");
        assertTrue(browser.text().contains("Pro " + suffix), browser.text());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call(i % 2 == 0 ? quote : rate, key).status());
        }

        // 7. The ledger holds every call; billing, restarted on a clock past the month's end, closes the month.
        String period = awaitLedger(organization, billableCalls).get("period").asText();
        billing.stop();
        Map<String, String> faked = new HashMap<>(billingEnv);
        faked.put("LD_PRELOAD", FAKETIME.toString());
        faked.put("FAKETIME", "+40d");
        faked.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        // libfaketime slows every clock read; with the machine loaded, this JVM's start took minutes once and its
        // first database connection waited longer than the pool's 5 s.
        faked.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
        billing = start(new ServiceProcess("journey-billing-after-month", "billing-metering", billingPort, faked));
        Http.Answer close = closeMonth(period, organization);
        JsonNode invoices = close.json().get("invoices");
        assertEquals(1, invoices.size(), close.body());
        String invoiceId = invoices.get(0).has("id") ? invoices.get(0).get("id").asText() : invoices.get(0).asText();

        // Billing's report of the organization's invoices for the period: what the portal must show to the cent.
        Http.Answer report = Http.get(billing.url() + "/billing/v1/reports/invoices?period=" + period
                + "&organization=" + organization + "&format=csv", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertEquals(200, report.status(), report.body());
        List<List<String>> reportRows = Csv.parse(report.body());
        Map<String, Integer> rh = Csv.header(reportRows.get(0));
        List<List<String>> reportLines = new ArrayList<>();
        String[] reportTotal = null;
        for (List<String> row : reportRows.subList(1, reportRows.size())) {
            if (row.get(0).equals("#total")) {
                reportTotal = new String[]{row.get(1), row.get(2), row.get(3)};
            } else if (!row.get(0).startsWith("#")) {
                assertEquals(invoiceId, row.get(rh.get("invoice_id")), "one invoice in the report");
                reportLines.add(row);
            }
        }
        assertNotNull(reportTotal, "the report has a total:\n" + report.body());
        assertFalse(reportLines.isEmpty(), report.body());

        // The partner finds it on /invoices, opens it, and downloads its CSV.
        openUntil(portal.url() + "/invoices", By.cssSelector("a.view[href='/invoices/" + invoiceId + "']"));
        WebElement row = browser.await(By.xpath("//table[@id='invoices']//tr[.//a[@href='/invoices/" + invoiceId + "']]"));
        assertTrue(row.getText().contains(period), row.getText());
        assertSameAmount(reportTotal[2], amount(row.findElements(By.tagName("td")).get(3).getText()),
                "the list's total");
        browser.screenshot("journey-5-invoices");
        browser.clickAndWait(By.cssSelector("a.view[href='/invoices/" + invoiceId + "']"));
        assertSameAmount(reportTotal[2], amount(browser.await(By.id("invoice-total")).getText()),
                "the invoice page's total equals billing's report");
        List<WebElement> pageLines = browser.all(By.cssSelector("#lines tbody tr"));
        assertEquals(reportLines.size(), pageLines.size(), browser.text());
        for (int i = 0; i < pageLines.size(); i++) {
            List<WebElement> cells = pageLines.get(i).findElements(By.tagName("td"));
            List<String> expected = reportLines.get(i);
            assertEquals(expected.get(rh.get("line_no")), cells.get(0).getText());
            assertEquals(expected.get(rh.get("description")), cells.get(1).getText());
            assertSameAmount(expected.get(rh.get("amount")), amount(cells.get(4).getText()),
                    "line " + cells.get(0).getText() + "'s amount");
        }
        browser.screenshot("journey-6-invoice");
        Path saved = downloads.download(By.id("csv"), Files.createTempDirectory("gatehouse-invoice-"), Duration.ofSeconds(20));
        assertTrue(saved.getFileName().toString().endsWith(".csv"), saved.toString());
        List<List<String>> csvRows = Csv.parse(Files.readString(saved, StandardCharsets.UTF_8));
        Map<String, Integer> ch = Csv.header(csvRows.get(0));
        List<List<String>> csvLines = new ArrayList<>();
        Map<String, String> csvTotals = new HashMap<>();
        for (List<String> r : csvRows.subList(1, csvRows.size())) {
            if (r.get(0).startsWith("#")) {
                csvTotals.put(r.get(0), r.get(ch.get("amount")));
            } else {
                csvLines.add(r);
            }
        }
        assertEquals(reportLines.size(), csvLines.size(), "the CSV has the report's lines");
        for (int i = 0; i < csvLines.size(); i++) {
            for (String column : List.of("invoice_id", "period", "currency", "line_no", "kind", "description", "quantity",
                    "unit_price", "per_units", "amount")) {
                assertEquals(reportLines.get(i).get(rh.get(column)), csvLines.get(i).get(ch.get(column)),
                        column + " of line " + (i + 1));
            }
        }
        assertEquals(reportTotal[0], csvLines.get(0).get(ch.get("currency")));
        assertEquals(reportTotal[1], csvTotals.get("#subtotal"), "the subtotal, exactly");
        assertEquals(reportTotal[2], csvTotals.get("#total"), "the total, to the cent");

        // 6. And the partner is told the invoice is issued.
        mailbox.await(email, "Invoice for " + period, Duration.ofSeconds(60));
    }

    /**
     * Starts {@code service} (registered with the closer first, so a failed start still stops it) and waits for it to be
     * ready. {@link ServiceProcess#start()} gives up after 60 s; on this shared 2-core machine (load average above 20)
     * management's first start with every migration took 68 s once, so a start that is merely slow gets another three
     * minutes here. A process that exited still fails at once.
     */
    private ServiceProcess start(ServiceProcess service) throws Exception {
        closer.add(service);
        try {
            return service.start();
        } catch (IllegalStateException slow) {
            if (!String.valueOf(slow.getMessage()).contains("was not ready")) {
                throw slow;
            }
            Instant deadline = Instant.now().plusSeconds(180);
            while (Instant.now().isBefore(deadline)) {
                try {
                    if (Http.get(service.opsUrl() + "/q/health/ready").status() == 200) {
                        return service;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw slow;
        }
    }

    /**
     * Opens {@code url} until the page has {@code what} (60 s at most) and answers it. On this loaded machine a portal
     * page sometimes answers "Temporarily unavailable" (503) when management or billing took longer than the portal's
     * 5 s timeout; the page itself says to try again, and so does the test.
     */
    private WebElement openUntil(String url, By what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            browser.open(url);
            if (browser.has(what)) {
                return browser.await(what);
            }
            if (Instant.now().isAfter(deadline)) {
                return browser.await(what);
            }
            System.out.printf("%s has no %s yet (status %d); again in a second%n", url, what, browser.status());
            Thread.sleep(1000);
        }
    }

    /**
     * Closes the organization's period through billing's API and answers the 200. Closing is idempotent (a closed period
     * answers the same invoices with {@code closedNow: false}, and billing's own job may close it first), so an answer
     * that did not come within the client's 10 s on this loaded machine, or a 503, is asked again, for up to 2 minutes.
     */
    private Http.Answer closeMonth(String period, String organization) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                Http.Answer a = Http.send("POST", billing.url() + "/billing/v1/periods/" + period + "/close?organization="
                        + organization, null, "Authorization", "Bearer " + ADMIN_TOKEN);
                if (a.status() == 200) {
                    return a;
                }
                assertEquals(503, a.status(), "closing " + period + ": " + a.body());
                last = a.status() + " " + a.body();
            } catch (java.io.UncheckedIOException slow) {
                last = String.valueOf(slow.getCause());
            }
            System.out.println("closing " + period + " again: " + last);
            Thread.sleep(1000);
        }
        throw new AssertionError("billing did not close " + period + " within 2 minutes: " + last);
    }

    /** A small PNG logo in a temporary file. */
    private static Path logo() throws Exception {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x0a7d4f));
        g.fillRect(0, 0, 48, 48);
        g.setColor(Color.WHITE);
        g.fillOval(12, 12, 24, 24);
        g.dispose();
        Path file = Files.createTempFile("gatehouse-logo-", ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** Reloads the portal's home page until its header shows {@code name} (the portal reads branding every 5 s). */
    private void awaitPortalBrand(String name) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            browser.open(portal.url() + "/");
            if (browser.await(By.cssSelector("header.top a.brand")).getText().trim().equals(name)
                    && browser.has(By.cssSelector("header.top img.brand-logo"))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the portal does not show the name " + name + " and the logo after 30 s:\n" + browser.text());
    }

    private static boolean awaitLoadedImage(WebElement image) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String width = image.getDomProperty("naturalWidth");
            if (Boolean.parseBoolean(image.getDomProperty("complete")) && width != null && Integer.parseInt(width) > 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Imports an OpenAPI document in the console, publishes the API and answers its id. */
    private String importAndPublish(String title, String base, String path, String operation) {
        browser.open(management.url() + "/console/apis/import");
        browser.type(By.id("document"), "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + title + "\",\"version\":\"1.0\"},"
                + "\"servers\":[{\"url\":\"" + upstream.url() + base + "\"}],"
                + "\"paths\":{\"" + path + "\":{\"get\":{\"summary\":\"" + operation + "\",\"operationId\":\"" + operation
                + "\",\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}");
        browser.clickAndWait(By.id("import"));
        assertTrue(browser.await(By.id("api-name")).getText().contains(title), browser.text());
        String api = browser.path().substring(browser.path().lastIndexOf('/') + 1);
        new Select(browser.await(By.id("lifecycle-target"))).selectByValue("published");
        browser.clickAndWait(By.id("change-lifecycle"));
        browser.await(By.cssSelector("#lifecycle.published"));
        return api;
    }

    /** Fills the console's new-plan form of {@code product} and answers the new plan's id. */
    private String createPlan(String product, String name, boolean approval, String rateMinute, String quotaDay,
                              String flatFee, String included, String tierUpTo, String tierPrice, String abovePrice,
                              String perUnits) {
        browser.open(management.url() + "/console/plans/new?productId=" + product);
        browser.type(By.cssSelector("#plan-form #name"), name);
        browser.type(By.id("rateMinute"), rateMinute);
        if (quotaDay != null) {
            browser.type(By.id("quotaDay"), quotaDay);
        }
        if (approval) {
            browser.await(By.id("approvalRequired")).click();
        }
        browser.type(By.id("flatFee"), flatFee);
        browser.type(By.id("includedRequests"), included);
        new Select(browser.await(By.id("overageModel"))).selectByValue("tiered");
        browser.type(By.id("tierUpTo"), tierUpTo);
        browser.type(By.id("tierUnitPrice"), tierPrice);
        browser.type(By.id("lastTierUnitPrice"), abovePrice);
        browser.type(By.id("tierPerUnits"), perUnits);
        browser.clickAndWait(By.id("create-plan"));
        browser.await(By.id("plan-facts"));
        return browser.path().substring(browser.path().lastIndexOf('/') + 1);
    }

    /** The page shows both plans' prices (their flat fees) and limits in words. */
    private void assertPrices(String where, String starter, String pro) {
        String starterPrice = browser.await(By.cssSelector("[id='price-" + starter + "']")).getText();
        String proPrice = browser.await(By.cssSelector("[id='price-" + pro + "']")).getText();
        assertTrue(starterPrice.contains("€9.90") && starterPrice.contains("€0.50"), where + ": " + starterPrice);
        assertTrue(proPrice.contains("€29.50"), where + ": " + proPrice);
        String starterLimits = browser.await(By.cssSelector("[id='limits-" + starter + "']")).getText();
        String proLimits = browser.await(By.cssSelector("[id='limits-" + pro + "']")).getText();
        assertTrue(starterLimits.contains("30") && starterLimits.contains("minute"), where + ": " + starterLimits);
        assertTrue(proLimits.contains("600") && proLimits.contains("minute"), where + ": " + proLimits);
    }

    private Http.Answer call(String route, String key) {
        Http.Answer a = Http.get(gateway.url() + route, "X-Api-Key", key);
        if (a.status() / 100 == 2) {
            billableCalls++;
        }
        return a;
    }

    /** Calls until the gateway answers {@code wanted} (an approval reaches the gateway within moments). */
    private Http.Answer awaitStatus(int wanted, String route, String key) throws InterruptedException {
        Http.Answer last = null;
        for (int i = 0; i < 200; i++) {
            last = call(route, key);
            if (last.status() == wanted) {
                return last;
            }
            Thread.sleep(25);
        }
        throw new AssertionError(route + " answered " + last.status() + ", not " + wanted + ": " + last.body());
    }

    /** The per-minute quota in the answer's {@code RateLimit-Policy}, or -1 without one. */
    private static int minuteLimit(Http.Answer a) {
        String policy = a.header("RateLimit-Policy");
        if (policy == null) {
            return -1;
        }
        Matcher m = MINUTE_POLICY.matcher(policy);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Calls until an answer shows a minute limit of {@code limit}; answers when that answer arrived (epoch ms). */
    private long awaitMinuteLimit(int limit, String route, String key) throws InterruptedException {
        Http.Answer last = null;
        for (int i = 0; i < 500; i++) {
            last = call(route, key);
            long at = System.currentTimeMillis();
            if (last.status() == 200 && minuteLimit(last) == limit) {
                return at;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the gateway never showed a minute limit of " + limit + ": "
                + last.status() + " " + last.header("RateLimit-Policy"));
    }

    /**
     * Waits until billing's estimate for the organization counts {@code calls} billable requests (the ledger has every
     * call), and answers that estimate.
     */
    private JsonNode awaitLedger(String organization, int calls) throws InterruptedException {
        long counted = -1;
        for (int i = 0; i < 120; i++) {
            Http.Answer a = Http.get(billing.url() + "/billing/v1/estimates?organization=" + organization,
                    "Authorization", "Bearer " + ADMIN_TOKEN);
            if (a.status() == 200) {
                counted = 0;
                for (JsonNode currency : a.json().get("currencies")) {
                    for (JsonNode s : currency.get("subscriptions")) {
                        counted += s.get("billableRequests").asLong();
                    }
                }
                if (counted == calls) {
                    return a.json();
                }
                assertTrue(counted < calls, "billing counts " + counted + " billable requests, the test made " + calls);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("billing's estimate counts " + counted + " billable requests after 60 s, not " + calls);
    }

    /** Reloads the usage page until its estimated total is above {@code before}; answers it. */
    private BigDecimal awaitEstimateAbove(String path, BigDecimal before) throws InterruptedException {
        BigDecimal now = before;
        for (int i = 0; i < 60; i++) {
            now = amount(openUntil(portal.url() + path, ESTIMATE_TOTAL).getText());
            if (now.compareTo(before) > 0 && browser.text().contains(billableCalls + " billable requests so far")) {
                return now;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the estimate stays at " + now + " after 30 s:\n" + browser.text());
    }

    /** {@code shown} is the amount {@code expected} (an exact decimal from billing), whatever its scale. */
    private static void assertSameAmount(String expected, BigDecimal shown, String what) {
        assertEquals(0, new BigDecimal(expected).compareTo(shown), what + ": billing says " + expected + ", shown " + shown);
    }

    /** An amount as the portal shows it ("€61.88", "€1,234.50") as a number. */
    private static BigDecimal amount(String shown) {
        String digits = shown.replaceAll("[^0-9.\\-]", "");
        assertFalse(digits.isEmpty(), "no amount in \"" + shown + "\"");
        return new BigDecimal(digits);
    }

    /** RFC 4180 CSV, enough for the reports: quoted fields, doubled quotes, CRLF or LF. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }

        static Map<String, Integer> header(List<String> header) {
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.put(header.get(i), i);
            }
            return columns;
        }
    }
}
