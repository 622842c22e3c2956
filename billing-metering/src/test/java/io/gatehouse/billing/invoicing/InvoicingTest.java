package io.gatehouse.billing.invoicing;

import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.security.TestSecurity;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.gatehouse.billing.ledger.LedgerWriter;
import io.gatehouse.billing.ledger.UsageEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_invoicing_test"))
@TestSecurity(user = "finance-admin", roles = "platform-admin")
class InvoicingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID API = UUID.fromString("00000000-0000-0000-0000-0000000000e3");

    @Inject
    LedgerWriter ledger;

    @Inject
    AgroalDataSource db;

    @Inject
    InvoiceStore invoices;

    @Inject
    CloseScheduler scheduler;

    @ConfigProperty(name = "management-double.control", defaultValue = "started-by-ManagementDouble")
    String control;

    @ConfigProperty(name = "gatehouse.billing.export-dir")
    String exportDir;

    @AfterEach
    void management_answers_again() throws Exception {
        control("/up", "");
    }

    @Test
    void an_invoice_for_a_flat_fee_included_calls_and_two_tiers_matches_the_hand_computed_amount_to_the_cent() throws Exception {
        Metered m = metered();

        String invoiceId = close("2025-03", m.org).statusCode(200)
                .body("closedNow", equalTo(true))
                .body("invoices", hasSize(1))
                .body("invoices[0].currency", equalTo("EUR"))
                // 49.90 + 0 (1,000 included) + 500 × 2.00/1000 + 734 × 1.333333/1000 (0.978666… → 0.9787) + 10.00
                .body("invoices[0].subtotal", equalTo("61.8787"))
                .body("invoices[0].total", equalTo("61.88"))
                .extract().path("invoices[0].id");

        given().get("/billing/v1/invoices/" + invoiceId).then().statusCode(200)
                .body("lines", hasSize(5))
                .body("lines.kind", equalTo(List.of("flat_fee", "included", "tier", "tier", "flat_fee")))
                .body("lines.quantity", equalTo(List.of(1, 1000, 500, 734, 1)))
                .body("lines.amount", equalTo(List.of("49.9000", "0.0000", "1.0000", "0.9787", "10.0000")))
                .body("lines.subscriptionId", equalTo(List.of(m.sub.toString(), m.sub.toString(), m.sub.toString(),
                        m.sub.toString(), m.basicSub.toString())))
                .body("lines[3].unitPrice", equalTo("1.333333"))
                .body("lines[3].perUnits", equalTo(1000));
        Invoice stored = invoices.find(UUID.fromString(invoiceId)).orElseThrow();
        assertEquals(stored.checksum(), InvoiceChecksum.of(stored, stored.lines()), "the checksum is over the canonical lines");
        given().get("/billing/v1/invoices?period=2025-03&organization=" + m.org).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(invoiceId)).body("items[0].lineCount", equalTo(5));
    }

    @Test
    void a_plan_change_mid_month_prorates_each_flat_fee_by_time_and_prices_calls_under_the_plan_they_were_made_on() throws Exception {
        UUID org = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        // Invoice lines come by subscription, then plan id: Starter's first.
        UUID starter = new UUID(org.getMostSignificantBits(), 0x10);
        UUID pro = new UUID(org.getMostSignificantBits(), 0x20);
        Instant change = Instant.parse("2026-11-11T00:00:00Z");
        Map<String, Object> subscription = subscription(sub, app, org, pro, Instant.parse("2026-10-01T00:00:00Z"), null);
        subscription.put("planTerms", List.of(
                Map.of("planId", starter.toString(), "until", change.toString()),
                Map.of("planId", pro.toString(), "from", change.toString())));
        feed(List.of(plan(starter, "Starter", "EUR", "9.90", 1000, "tiered", List.of("2xx", "3xx"), "UTC",
                                List.of(tier(null, "0.50", 100))),
                        plan(pro, "Pro", "EUR", "30.00", 10_000, "tiered", List.of("2xx", "3xx"), "UTC", List.of())),
                List.of(subscription));
        // Calls carry the plan in force when they were made: 1,200 on Starter before the change, 5,000 on Pro after.
        record(new World(org, app, sub, starter), 1200, "2026-11-05T10:00:00Z", 200, "forwarded");
        record(new World(org, app, sub, pro), 5000, "2026-11-20T10:00:00Z", 200, "forwarded");

        // Starter 9.90 × 10/30 days = 3.30, 1,000 included, 200 over at 0.50 per 100 = 1.00;
        // Pro 30.00 × 20/30 days = 20.00, 5,000 of 10,000 included. 3.30 + 1.00 + 20.00 = 24.30.
        String invoiceId = close("2026-11", org).statusCode(200)
                .body("invoices", hasSize(1))
                .body("invoices[0].subtotal", equalTo("24.3000"))
                .body("invoices[0].total", equalTo("24.30"))
                .extract().path("invoices[0].id");
        given().get("/billing/v1/invoices/" + invoiceId).then().statusCode(200)
                .body("lines.planId", equalTo(List.of(starter.toString(), starter.toString(), starter.toString(),
                        pro.toString(), pro.toString())))
                .body("lines.kind", equalTo(List.of("flat_fee", "included", "tier", "flat_fee", "included")))
                .body("lines.amount", equalTo(List.of("3.3000", "0.0000", "1.0000", "20.0000", "0.0000")))
                .body("lines[0].description", equalTo("Starter: Flat fee 9.90 prorated, in force 10 d of 30 d"))
                .body("lines[3].description", equalTo("Pro: Flat fee 30.00 prorated, in force 20 d of 30 d"));
    }

    @Test
    void the_csv_export_totals_equal_the_invoice() throws Exception {
        Metered m = metered();
        Map<String, Object> invoice = close("2025-03", m.org).statusCode(200).extract().path("invoices[0]");

        String csv = given().get("/billing/v1/reports/invoices?period=2025-03&format=csv&organization=" + m.org)
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertTrue(lines[0].startsWith("invoice_id,organization_id,period,currency,line_no,kind,"), lines[0]);
        BigDecimal sum = BigDecimal.ZERO;
        // RFC 4180: a line's description holds commas ("per 1,000") and is quoted, so the records are parsed.
        List<org.apache.commons.csv.CSVRecord> records = org.apache.commons.csv.CSVFormat.RFC4180
                .parse(new java.io.StringReader(csv.substring(0, csv.indexOf("\r\n#total,")))).getRecords();
        assertEquals(6, records.size(), csv);
        for (int i = 1; i <= 5; i++) {
            sum = sum.add(new BigDecimal(records.get(i).get(15)));
            assertEquals(invoice.get("checksum"), records.get(i).get(16));
        }
        assertTrue(csv.contains("\"Metered: Overage requests 1–500 (tier 1) at 2.00 per 1,000\""), csv);
        assertEquals(new BigDecimal((String) invoice.get("subtotal")), sum);
        assertEquals("#total,EUR,61.8787,61.88,1", lines[6]);
        assertEquals("#sha256," + sha256(csv.substring(0, csv.indexOf("#sha256,"))), lines[7]);
        assertEquals(8, lines.length, csv);
        given().get("/billing/v1/reports/invoices?period=2025-03&organization=" + m.org).then().statusCode(200)
                .body("totals[0].total", equalTo("61.88"))
                .body("invoices[0].lines", hasSize(5))
                .body("checksum", equalTo("sha256:" + sha256(csv.substring(0, csv.indexOf("#sha256,")))));

        Path exported = Path.of(exportDir, "2025-03", "invoices-2025-03-" + m.org + ".csv");
        assertEquals(csv, Files.readString(exported), "the export written at close is the same report");
        String usage = Files.readString(Path.of(exportDir, "2025-03", "usage-2025-03-" + m.org + ".csv"));
        assertTrue(usage.contains("\r\n#totals,,,,2289,2234,"), usage);
    }

    @Test
    void a_late_event_after_close_is_an_adjustment_on_the_next_period_and_the_closed_invoice_is_unchanged() throws Exception {
        World w = world("UTC", "5.00", 2, List.of(tier(null, "1.00", 1)), Instant.parse("2025-04-10T00:00:00Z"), null);
        record(w, 3, "2025-05-12T10:00:00Z", 200, "forwarded");
        String may = close("2025-05", w.org).statusCode(200).body("invoices[0].total", equalTo("6.00"))
                .extract().path("invoices[0].id");
        String mayBefore = given().get("/billing/v1/invoices/" + may).then().statusCode(200).extract().asString();

        record(w, 2, "2025-05-20T10:00:00Z", 200, "forwarded");   // late: May is closed
        record(w, 1, "2025-05-21T10:00:00Z", 404, "forwarded");   // late and not billable
        record(w, 1, "2025-06-10T10:00:00Z", 200, "forwarded");

        String june = close("2025-06", w.org).statusCode(200)
                // 5.00 flat + 1 of 2 included + late May: 2 more overage requests at 1.00
                .body("invoices[0].total", equalTo("7.00"))
                .extract().path("invoices[0].id");
        given().get("/billing/v1/invoices/" + june).then().statusCode(200)
                .body("lines.kind", equalTo(List.of("flat_fee", "included", "adjustment")))
                .body("lines[2].adjustmentForPeriod", equalTo("2025-05"))
                .body("lines[2].quantity", equalTo(2))
                .body("lines[2].amount", equalTo("2.0000"));
        assertEquals(mayBefore, given().get("/billing/v1/invoices/" + may).then().statusCode(200).extract().asString(),
                "the closed invoice is unchanged");

        // Billed once: the next close carries no adjustment for them again.
        close("2025-07", w.org).statusCode(200).body("invoices[0].total", equalTo("5.00"))
                .body("invoices[0].lineCount", equalTo(2));
    }

    @Test
    void a_late_event_under_volume_pricing_reprices_the_whole_month_it_belongs_to() throws Exception {
        // Volume: all overage at the tier it ends in. 2 requests: 2 × 1.00; 4 requests: 4 × 0.40.
        World w = world("America/New_York", "0", 0, List.of(tier(2L, "1.00", 1), tier(null, "0.40", 1)),
                Instant.parse("2025-04-01T00:00:00Z"), null, "volume");
        record(w, 2, "2025-05-12T10:00:00Z", 200, "forwarded");
        close("2025-05", w.org).statusCode(200).body("invoices[0].total", equalTo("2.00"));
        record(w, 2, "2025-06-01T03:00:00Z", 200, "forwarded");   // 31 May, 23:00 in New York: late for May

        String june = close("2025-06", w.org).statusCode(200).body("invoices[0].total", equalTo("-0.40"))
                .extract().path("invoices[0].id");
        given().get("/billing/v1/invoices/" + june).then().statusCode(200)
                .body("lines.kind", equalTo(List.of("adjustment", "adjustment")))
                .body("lines.tierIndex", equalTo(List.of(0, 1)))
                .body("lines.quantity", equalTo(List.of(-2, 4)))
                .body("lines.amount", equalTo(List.of("-2.0000", "1.6000")))
                .body("lines.adjustmentForPeriod", equalTo(List.of("2025-05", "2025-05")));
    }

    @Test
    void an_event_committed_while_the_close_waits_is_billed_in_its_period_exactly_once() throws Exception {
        World w = world("UTC", "0", 0, List.of(tier(null, "1.00", 1)), Instant.parse("2025-08-01T00:00:00Z"), null);
        record(w, 1, "2025-08-03T10:00:00Z", 200, "forwarded");
        try (Connection inFlight = db.getConnection()) {
            inFlight.setAutoCommit(false);
            try (PreparedStatement s = inFlight.prepareStatement("""
                    INSERT INTO usage_events (event_id, occurred_at, gateway_node, organization_id, application_id, subscription_id,
                                              plan_id, api_id, route_id, key_id, method, status, outcome, latency_ms, billable)
                    VALUES (gen_random_uuid(), '2025-08-31T23:59:00Z', 'gw-1', ?, ?, ?, ?, ?, ?, ?, 'GET', 200, 'forwarded', 5, true)""")) {
                Object[] values = {w.org, w.app, w.sub, w.plan, API, UsageEvent.NIL, UsageEvent.NIL};
                for (int i = 0; i < values.length; i++) {
                    s.setObject(i + 1, values[i]);
                }
                s.executeUpdate();
            }
            CompletableFuture<String> closing = CompletableFuture.supplyAsync(() ->
                    close("2025-08", w.org).statusCode(200).extract().path("invoices[0].total"));
            Thread.sleep(1500);
            assertFalse(closing.isDone(), "the close waits for the ledger batch in flight");
            inFlight.commit();
            assertEquals("2.00", closing.get(60, TimeUnit.SECONDS));
        }
        close("2025-09", w.org).statusCode(200).body("invoices", hasSize(0));
    }

    @Test
    void a_plan_billing_cannot_use_holds_up_only_its_own_organization() throws Exception {
        UUID goodOrg = UUID.randomUUID();
        UUID badOrg = UUID.randomUUID();
        UUID good = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        feed(List.of(plan(good, "Good", "EUR", "3.00", 0, "tiered", List.of("2xx"), "UTC", List.of()),
                        plan(bad, "Bad", "EURO", "3.00", 0, "tiered", List.of("2xx"), "UTC", List.of())),
                List.of(subscription(UUID.randomUUID(), UUID.randomUUID(), goodOrg, good, Instant.parse("2025-08-01T00:00:00Z"), null),
                        subscription(UUID.randomUUID(), UUID.randomUUID(), badOrg, bad, Instant.parse("2025-08-01T00:00:00Z"), null)));

        close("2025-08", badOrg).statusCode(503).body("type", equalTo("urn:gatehouse:problem:management-unavailable"))
                .body("detail", org.hamcrest.Matchers.containsString(bad.toString()));
        close("2025-08", goodOrg).statusCode(200).body("invoices[0].total", equalTo("3.00"));
    }

    @Test
    void closing_twice_changes_nothing() throws Exception {
        World w = world("UTC", "5.00", 0, List.of(tier(null, "0.50", 1)), Instant.parse("2025-08-01T00:00:00Z"), null);
        record(w, 4, "2025-08-03T10:00:00Z", 200, "forwarded");
        Map<String, Object> first = close("2025-08", w.org).statusCode(200).body("closedNow", equalTo(true))
                .extract().path("invoices[0]");
        long rows = count("SELECT (SELECT count(*) FROM invoices) + (SELECT count(*) FROM invoice_lines) "
                + "+ (SELECT count(*) FROM invoice_usage) + (SELECT count(*) FROM billing_periods)");

        close("2025-08", w.org).statusCode(200).body("closedNow", equalTo(false))
                .body("invoices", hasSize(1))
                .body("invoices[0].id", equalTo(first.get("id")))
                .body("invoices[0].checksum", equalTo(first.get("checksum")))
                .body("invoices[0].total", equalTo("7.00"));
        assertEquals(rows, count("SELECT (SELECT count(*) FROM invoices) + (SELECT count(*) FROM invoice_lines) "
                + "+ (SELECT count(*) FROM invoice_usage) + (SELECT count(*) FROM billing_periods)"));

        close("2025-10", w.org).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:close-out-of-order"));
        close("2025-07", w.org).statusCode(409).body("type", equalTo("urn:gatehouse:problem:close-out-of-order"));
        close("2099-01", w.org).statusCode(409).body("type", equalTo("urn:gatehouse:problem:period-not-due"));
    }

    @Test
    void a_closed_invoice_cannot_be_modified() throws Exception {
        World w = world("UTC", "5.00", 0, List.of(tier(null, "0.50", 1)), Instant.parse("2025-08-01T00:00:00Z"), null);
        record(w, 2, "2025-08-03T10:00:00Z", 200, "forwarded");
        String id = close("2025-08", w.org).statusCode(200).extract().path("invoices[0].id");

        for (String change : List.of(
                "UPDATE invoices SET total = 0 WHERE id = '" + id + "'",
                "DELETE FROM invoices WHERE id = '" + id + "'",
                "UPDATE invoice_lines SET amount = 0 WHERE invoice_id = '" + id + "'",
                "DELETE FROM invoice_lines WHERE invoice_id = '" + id + "'",
                "UPDATE invoice_usage SET billable_requests = 0 WHERE invoice_id = '" + id + "'",
                "UPDATE billing_periods SET status = 'open' WHERE organization_id = '" + w.org + "'")) {
            SQLException refused = assertThrows(SQLException.class, () -> execute(change), change);
            assertTrue(refused.getMessage().contains("immutable"), refused.getMessage());
        }
        given().get("/billing/v1/invoices/" + id).then().statusCode(200).body("total", equalTo("6.00"));
    }

    @Test
    void close_waits_when_management_is_unreachable() throws Exception {
        World w = world("UTC", "5.00", 0, List.of(tier(null, "0.50", 1)), Instant.parse("2025-08-01T00:00:00Z"), null);
        record(w, 2, "2025-08-03T10:00:00Z", 200, "forwarded");
        control("/down", "");

        close("2025-08", w.org).statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "60")
                .body("type", equalTo("urn:gatehouse:problem:management-unavailable"));
        assertThrows(io.gatehouse.billing.planfeed.ManagementUnavailableException.class, () -> scheduler.closeDue());
        assertEquals(0, count("SELECT count(*) FROM billing_periods WHERE organization_id = '" + w.org + "'"));

        control("/up", "");
        close("2025-08", w.org).statusCode(200).body("closedNow", equalTo(true)).body("invoices[0].total", equalTo("6.00"));
    }

    @Test
    void the_scheduled_close_closes_each_due_month_of_an_organization_in_order() throws Exception {
        // Months counted back from the real clock (the scheduler runs on it), so the test reads the same on any date:
        // activated mid-month three months ago, the three months since are due, and last month is due too once this
        // month's first hour (the close grace) has passed in UTC.
        Instant now = Instant.now();
        YearMonth thisMonth = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        YearMonth first = thisMonth.minusMonths(4);
        World w = world("UTC", "1.00", 0, List.of(), first.atDay(15).atStartOfDay(ZoneOffset.UTC).toInstant(), null);
        boolean lastMonthDue = !now.isBefore(thisMonth.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1)));
        List<String> due = new ArrayList<>();
        for (YearMonth m = thisMonth.minusMonths(lastMonthDue ? 1 : 2); !m.isBefore(first); m = m.minusMonths(1)) {
            due.add(m.toString());
        }
        assertTrue(scheduler.closeDue() >= due.size());
        given().get("/billing/v1/invoices?organization=" + w.org).then().statusCode(200)
                .body("items.period", equalTo(due))
                .body("items.total", equalTo(Collections.nCopies(due.size(), "1.00")));
        assertEquals(0, scheduler.closeDue(), "nothing is due twice");
    }

    @Test
    void bad_parameters_are_problems_naming_them() {
        given().contentType(ContentType.JSON).post("/billing/v1/periods/2025-13/close?organization=" + UUID.randomUUID())
                .then().statusCode(400).body("errors[0].field", equalTo("period"));
        given().contentType(ContentType.JSON).post("/billing/v1/periods/2025-03/close")
                .then().statusCode(400).body("errors[0].field", equalTo("organization"));
        given().get("/billing/v1/invoices/nope").then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().get("/billing/v1/invoices/" + UUID.randomUUID()).then().statusCode(404)
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
        given().get("/billing/v1/invoices?organization=acme").then().statusCode(400).body("errors[0].field", equalTo("organization"));
        given().get("/billing/v1/reports/invoices?period=2025-03&format=pdf").then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }

    @Test
    void the_estimate_of_an_open_period_is_what_its_close_then_bills_line_for_line() throws Exception {
        Metered m = metered();

        io.restassured.path.json.JsonPath estimate = given().get("/billing/v1/estimates?organization=" + m.org + "&period=2025-03")
                .then().statusCode(200)
                .body("estimate", equalTo(true))
                .body("period", equalTo("2025-03"))
                .body("periodStart", equalTo("2025-02-28T23:00:00Z"))   // 1 March in Berlin
                .body("periodEnd", equalTo("2025-03-31T22:00:00Z"))
                .body("currencies", hasSize(1))
                .body("currencies[0].subscriptions.subscriptionId", equalTo(List.of(m.sub.toString(), m.basicSub.toString())))
                .body("currencies[0].subscriptions[0].billableRequests", equalTo(2234))
                .body("currencies[0].subscriptions[0].includedRequests", equalTo(1000))
                .body("currencies[0].subscriptions[0].planName", equalTo("Metered"))
                .extract().jsonPath();
        assertEquals(0, new BigDecimal(estimate.getString("currencies[0].subscriptions[0].flatFee")).compareTo(new BigDecimal("49.90")));

        String invoiceId = close("2025-03", m.org).statusCode(200).extract().path("invoices[0].id");
        io.restassured.path.json.JsonPath invoice = given().get("/billing/v1/invoices/" + invoiceId).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(invoice.getString("currency"), estimate.getString("currencies[0].currency"));
        assertEquals(invoice.getString("subtotal"), estimate.getString("currencies[0].subtotal"));
        assertEquals(invoice.getString("total"), estimate.getString("currencies[0].total"));
        assertEquals(lines(invoice.getList("lines")), lines(estimate.getList("currencies[0].subscriptions.lines.flatten()")),
                "the estimate's lines are the invoice's lines");

        given().get("/billing/v1/estimates?organization=" + m.org + "&period=2025-03").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:period-closed"));
    }

    @Test
    void the_estimate_of_the_month_after_a_close_carries_late_usage_as_adjustments_as_its_close_does() throws Exception {
        World w = world("UTC", "5.00", 2, List.of(tier(null, "1.00", 1)), Instant.parse("2025-09-10T00:00:00Z"), null);
        record(w, 3, "2025-10-12T10:00:00Z", 200, "forwarded");
        // Before October closes, November's estimate leaves October's usage to October's own invoice.
        given().get("/billing/v1/estimates?organization=" + w.org + "&period=2025-11").then().statusCode(200)
                .body("currencies[0].total", equalTo("5.00"));
        close("2025-09", w.org).statusCode(200);
        close("2025-10", w.org).statusCode(200).body("invoices[0].total", equalTo("6.00"));
        record(w, 2, "2025-10-20T10:00:00Z", 200, "forwarded");   // late: October is closed
        record(w, 3, "2025-11-10T10:00:00Z", 200, "forwarded");

        io.restassured.path.json.JsonPath estimate = given().get("/billing/v1/estimates?organization=" + w.org + "&period=2025-11")
                .then().statusCode(200).extract().jsonPath();
        // 5.00 flat + 2 included + 1 overage at 1.00 + late October: 2 more overage at 1.00
        assertEquals("8.00", estimate.getString("currencies[0].total"));
        assertEquals(3, estimate.getInt("currencies[0].subscriptions[0].billableRequests"));
        io.restassured.path.json.JsonPath invoice = given().get("/billing/v1/invoices/"
                + close("2025-11", w.org).statusCode(200).extract().path("invoices[0].id")).then().statusCode(200).extract().jsonPath();
        assertEquals(invoice.getString("total"), estimate.getString("currencies[0].total"));
        assertEquals(lines(invoice.getList("lines")), lines(estimate.getList("currencies[0].subscriptions.lines.flatten()")));
        assertTrue(lines(invoice.getList("lines")).stream().anyMatch(l -> l.startsWith("adjustment|")), invoice.prettify());
    }

    @Test
    void an_organization_billing_knows_nothing_of_gets_an_empty_estimate_of_the_current_month() {
        given().get("/billing/v1/estimates?organization=" + UUID.randomUUID()).then().statusCode(200)
                .body("estimate", equalTo(true))
                .body("period", equalTo(YearMonth.now(ZoneOffset.UTC).toString()))
                .body("currencies", hasSize(0));
    }

    @Test
    void a_bad_estimate_request_is_a_problem_naming_the_parameter_and_management_down_is_a_503() throws Exception {
        given().get("/billing/v1/estimates").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("organization"));
        given().get("/billing/v1/estimates?organization=acme").then().statusCode(400).body("errors[0].field", equalTo("organization"));
        for (String period : List.of("2025-13", "25-01", "next", "-2025-01", "9999-12")) {
            given().queryParam("organization", UUID.randomUUID().toString()).queryParam("period", period)
                    .get("/billing/v1/estimates").then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                    .body("errors[0].field", equalTo("period"));
        }
        control("/down", "");
        given().get("/billing/v1/estimates?organization=" + UUID.randomUUID()).then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:management-unavailable"));
    }

    /** Invoice lines compared without their numbers (the estimate groups them by subscription), as sorted text. */
    private static List<String> lines(List<Map<String, Object>> lines) {
        return lines.stream().map(l -> l.get("kind") + "|" + l.get("subscriptionId") + "|" + l.get("planId") + "|"
                + l.get("tierIndex") + "|" + l.get("adjustmentForPeriod") + "|" + l.get("description") + "|"
                + l.get("quantity") + "|" + l.get("unitPrice") + "|" + l.get("perUnits") + "|" + l.get("amount")).sorted().toList();
    }

    // ---- the scenario of the first two tests ----

    /** A Berlin plan with a flat fee, 1,000 included and two tiers; a flat-fee-only plan; usage in March 2025. */
    private Metered metered() throws Exception {
        UUID org = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        UUID basic = UUID.randomUUID();
        UUID sub = new UUID(org.getMostSignificantBits(), 1);
        UUID basicSub = new UUID(org.getMostSignificantBits(), 2);
        UUID cancelled = new UUID(org.getMostSignificantBits(), 3);
        UUID app = UUID.randomUUID();
        feed(List.of(
                        plan(plan, "Metered", "EUR", "49.90", 1000, "tiered", List.of("2xx", "3xx"), "Europe/Berlin",
                                List.of(tier(500L, "2.00", 1000), tier(null, "1.333333", 1000))),
                        plan(basic, "Basic", "EUR", "10.00", 0, "tiered", List.of("2xx", "3xx"), "Europe/Berlin", List.of())),
                List.of(subscription(sub, app, org, plan, Instant.parse("2025-01-10T00:00:00Z"), null),
                        subscription(basicSub, app, org, basic, Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-03-15T00:00:00Z")),
                        subscription(cancelled, app, org, basic, Instant.parse("2024-11-01T00:00:00Z"), Instant.parse("2025-02-20T00:00:00Z"))));
        World w = new World(org, app, sub, plan);
        // 2,234 billable in March in Berlin: 3 at 00:30 on 1 March there (still February in UTC) …
        record(w, 3, "2025-02-28T23:30:00Z", 200, "forwarded");
        record(w, 1997, "2025-03-10T10:00:00Z", 200, "forwarded");
        record(w, 200, "2025-03-11T10:00:00Z", 301, "forwarded");
        record(w, 34, "2025-03-12T10:00:00Z", 200, "cache-hit");
        // … and 55 that are not billed: upstream 4xx, denials, gateway errors.
        record(w, 40, "2025-03-13T10:00:00Z", 404, "forwarded");
        record(w, 10, "2025-03-13T11:00:00Z", 429, "denied");
        record(w, 5, "2025-03-13T12:00:00Z", 502, "upstream-error");
        // April in Berlin already (CEST, UTC+2): not March.
        record(w, 7, "2025-03-31T22:30:00Z", 200, "forwarded");
        return new Metered(org, sub, basicSub);
    }

    record Metered(UUID org, UUID sub, UUID basicSub) {
    }

    record World(UUID org, UUID app, UUID sub, UUID plan) {
    }

    /** One organization with one subscription to one plan, published in the feed. */
    private World world(String zone, String flatFee, long included, List<Map<String, Object>> tiers, Instant activated,
                        Instant ended) throws Exception {
        return world(zone, flatFee, included, tiers, activated, ended, "tiered");
    }

    private World world(String zone, String flatFee, long included, List<Map<String, Object>> tiers, Instant activated,
                        Instant ended, String model) throws Exception {
        World w = new World(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        feed(List.of(plan(w.plan, "Pay as you go", "EUR", flatFee, included, model, List.of("2xx", "3xx"), zone, tiers)),
                List.of(subscription(w.sub, w.app, w.org, w.plan, activated, ended)));
        return w;
    }

    private void record(World w, int n, String at, int status, String outcome) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new UsageEvent(UUID.randomUUID(), Instant.parse(at).plusMillis(i), "gw-1", w.org, w.app, w.sub, w.plan,
                    API, UsageEvent.NIL, UsageEvent.NIL, "gh_live_ab", "GET", status, outcome, 5,
                    "forwarded".equals(outcome) ? 4 : null, 10, 100));
        }
        ledger.record(events);
    }

    private io.restassured.response.ValidatableResponse close(String period, UUID org) {
        return given().contentType(ContentType.JSON)
                .post("/billing/v1/periods/" + period + "/close?organization=" + org).then();
    }

    private void feed(List<Map<String, Object>> plans, List<Map<String, Object>> subscriptions) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("generatedAt", Instant.now().toString());
        doc.put("plans", plans);
        doc.put("subscriptions", subscriptions);
        control("/feed", JSON.writeValueAsString(doc));
    }

    private static Map<String, Object> plan(UUID id, String name, String currency, String flatFee, long included, String model,
                                            List<String> classes, String zone, List<Map<String, Object>> tiers) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id.toString());
        p.put("apiId", API.toString());
        p.put("name", name);
        p.put("currency", currency);
        p.put("flatFee", new BigDecimal(flatFee));
        p.put("includedRequests", included);
        p.put("overageModel", model);
        p.put("billableStatusClasses", classes);
        p.put("timeZone", zone);
        p.put("tiers", tiers);
        return p;
    }

    private static Map<String, Object> tier(Long upTo, String unitPrice, int perUnits) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("upTo", upTo);
        t.put("unitPrice", new BigDecimal(unitPrice));
        t.put("perUnits", perUnits);
        return t;
    }

    private static Map<String, Object> subscription(UUID id, UUID app, UUID org, UUID plan, Instant activated, Instant ended) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("subscriptionId", id.toString());
        s.put("applicationId", app.toString());
        s.put("organizationId", org.toString());
        s.put("planId", plan.toString());
        s.put("apiId", API.toString());
        s.put("status", ended == null ? "active" : "cancelled");
        s.put("activatedAt", activated == null ? null : activated.toString());
        s.put("endedAt", ended == null ? null : ended.toString());
        return s;
    }

    private void control(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(control + path))
                .method(path.equals("/feed") ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), "the management double took " + path);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
