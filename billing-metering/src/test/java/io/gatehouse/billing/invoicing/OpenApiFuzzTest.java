package io.gatehouse.billing.invoicing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.billing.ledger.LedgerWriter;
import io.gatehouse.billing.ledger.UsageEvent;
import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.fuzz.ApiDocument;
import io.gatehouse.testing.fuzz.FuzzReport;
import io.gatehouse.testing.fuzz.FuzzSettings;
import io.gatehouse.testing.fuzz.OpenApiFuzzer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The billing API, driven from its own OpenAPI document (served on the management interface) with generated and
 * mutated requests (see {@link OpenApiFuzzer}): no 5xx, every answer as documented, nothing the schema forbids
 * accepted. 2,000 requests or 90 seconds by default; {@code -Dgatehouse.fuzz.seed/tries/seconds} replay or lengthen.
 */
@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_fuzz_test"))
class OpenApiFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID API = UUID.fromString("00000000-0000-0000-0000-0000000000f2");

    @TestHTTPResource("/")
    URI base;

    @Inject
    LedgerWriter ledger;

    @ConfigProperty(name = "management-double.control", defaultValue = "started-by-ManagementDouble")
    String control;

    @Test
    void no_request_to_the_billing_api_gets_a_5xx_an_undocumented_answer_or_accepted_when_forbidden() throws Exception {
        URI management = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        String json = given().accept(ContentType.JSON).queryParam("format", "json")
                .get(management.resolve("/q/openapi").toString()).then().statusCode(200).extract().asString();
        Path copy = Path.of("target", "fuzz", "billing-openapi.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, json);
        ApiDocument document = ApiDocument.parse(json);
        assertEquals(List.of(), document.problems(), "what swagger-parser finds wrong with the document");

        UUID org = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        feed(plan, sub, app, org);
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(new UsageEvent(UUID.randomUUID(), Instant.parse("2026-10-03T10:00:00Z").plusSeconds(i * 3_600L), "gw-1",
                    org, app, sub, plan, API, UsageEvent.NIL, UsageEvent.NIL, "gh_live_fz", "GET", i % 7 == 0 ? 500 : 200,
                    "forwarded", 5, 4, 10, 100));
        }
        ledger.record(events);
        String invoice = given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .post("/billing/v1/periods/2026-10/close?organization=" + org).then().statusCode(200)
                .extract().path("invoices[0].id");

        Map<String, List<String>> known = new HashMap<>();
        known.put("organization", List.of(org.toString()));
        known.put("organizationId", List.of(org.toString()));
        known.put("applicationId", List.of(app.toString()));
        known.put("planId", List.of(plan.toString()));
        known.put("apiId", List.of(API.toString()));
        known.put("period", List.of("2026-10", "2026-11"));
        known.put("periods/period", List.of("2026-10", "2026-11"));
        if (invoice != null) {
            known.put("invoices/id", List.of(invoice));
        }

        FuzzReport report = OpenApiFuzzer.of(document)
                .baseUri(base)
                .knownValues(known::get)
                .headers(op -> Map.of("Authorization", "Bearer test-admin-token"))
                .run(FuzzSettings.fromSystemProperties());
        System.out.println(report.summary());
        report.assertClean();
    }

    private void feed(UUID plan, UUID sub, UUID app, UUID org) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", plan.toString());
        p.put("apiId", API.toString());
        p.put("name", "Fuzzed");
        p.put("currency", "EUR");
        p.put("flatFee", new BigDecimal("9.00"));
        p.put("includedRequests", 10);
        p.put("overageModel", "tiered");
        p.put("billableStatusClasses", List.of("2xx", "3xx"));
        p.put("timeZone", "Europe/Berlin");
        Map<String, Object> tier = new LinkedHashMap<>();
        tier.put("upTo", null);
        tier.put("unitPrice", new BigDecimal("0.01"));
        tier.put("perUnits", 1);
        p.put("tiers", List.of(tier));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("subscriptionId", sub.toString());
        s.put("applicationId", app.toString());
        s.put("organizationId", org.toString());
        s.put("planId", plan.toString());
        s.put("apiId", API.toString());
        s.put("status", "active");
        s.put("activatedAt", "2026-09-01T00:00:00Z");
        s.put("endedAt", null);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("generatedAt", Instant.now().toString());
        doc.put("plans", List.of(p));
        doc.put("subscriptions", List.of(s));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(control + "/feed"))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(doc))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
    }
}
