package io.gatehouse.management.developer.billing;

import io.gatehouse.testing.BillingStandIn;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.publishedPlan;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /developer/v1/billing/*}: a partner reads the estimate of its organization's open period and its invoices,
 * and never another organization's. Billing is {@link BillingStandIn} (declared by BillingThroughManagementTest for
 * the whole test app), which answers billing's documented JSON and records what management asked.
 */
@QuarkusTest
class PartnerBillingTest {

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    @AfterEach
    void billingAsDocumented() {
        BillingStandIn.current().up();
        BillingStandIn.current().reset();
    }

    @Test
    void a_partner_reads_the_estimate_of_its_own_organization_with_application_and_api_names() {
        String plan = publishedPlan(false);
        String session = readyPartner(mailbox, uniqueEmail("estimate"));
        String app = as(session).body(Map.of("name", "Checkout")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        String sub = as(session).body(Map.of("planId", plan)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201).extract().path("id");
        String org = admin().get("/admin/v1/applications/" + app).then().statusCode(200).extract().path("organizationId");
        String api = admin().get("/admin/v1/plans/" + plan).then().statusCode(200).extract().path("apiId");
        String apiName = admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract().path("name");
        BillingStandIn.current().answer("/billing/v1/estimates", r -> BillingStandIn.Answer.json("""
                {"organizationId":"%s","period":"2026-12","estimate":true,"periodStart":"2026-11-30T23:00:00Z",
                 "periodEnd":"2026-12-31T23:00:00Z","asOf":"2026-12-07T10:00:00Z","pricesAsOf":"2026-12-07T10:00:00Z",
                 "ledgerPosition":42,"currencies":[{"currency":"EUR","subtotal":"11.0787","total":"11.08","subscriptions":[
                 {"subscriptionId":"%s","applicationId":"%s","planId":"%s","planName":"Gold","apiId":"%s",
                  "billableRequests":1734,"includedRequests":1000,"flatFee":"9.90","subtotal":"11.0787","lines":[
                  {"lineNo":1,"kind":"flat_fee","subscriptionId":"%s","planId":"%s","apiId":"%s","description":"Gold: Flat fee",
                   "quantity":1,"unitPrice":"9.900000","perUnits":1,"amount":"9.9000"},
                  {"lineNo":2,"kind":"tier","subscriptionId":"%s","planId":"%s","apiId":"%s","tierIndex":0,
                   "description":"Gold: Overage","quantity":734,"unitPrice":"1.605000","perUnits":1000,"amount":"1.1787"}]}]}]}
                """.formatted(org, sub, app, plan, api, sub, plan, api, sub, plan, api)));

        JsonPath estimate = as(session).get("/developer/v1/billing/estimate").then().statusCode(200).extract().jsonPath();
        assertTrue(estimate.getBoolean("estimate"));
        assertEquals("11.08", estimate.getString("currencies[0].total"), "money stays billing's exact string");
        assertEquals("11.0787", estimate.getString("currencies[0].subtotal"));
        assertEquals("Checkout", estimate.getString("currencies[0].subscriptions[0].applicationName"));
        assertEquals(apiName, estimate.getString("currencies[0].subscriptions[0].apiName"));
        assertEquals(List.of("flat_fee", "tier"), estimate.getList("currencies[0].subscriptions[0].lines.kind"));
        assertEquals(734, estimate.getInt("currencies[0].subscriptions[0].lines[1].quantity"));

        BillingStandIn.Request asked = BillingStandIn.current().requests("/billing/v1/estimates").get(0);
        assertEquals(org, asked.query().get("organization"), "billing is asked for the caller's organization only");
        assertEquals("Bearer " + BillingStandIn.TOKEN, asked.authorization());

        as(session).get("/developer/v1/billing/estimate?period=2026-11").then().statusCode(200);
        assertEquals("2026-11", BillingStandIn.current().requests("/billing/v1/estimates").get(1).query().get("period"));
        as(session).get("/developer/v1/billing/estimate?organization=" + UUID.randomUUID()).then().statusCode(200);
        assertEquals(org, BillingStandIn.current().requests("/billing/v1/estimates").get(2).query().get("organization"),
                "an organization named in the request is ignored");
    }

    @Test
    void a_partner_lists_and_reads_only_its_own_organizations_invoices_and_another_ones_id_is_404() {
        String session = readyPartner(mailbox, uniqueEmail("payer"));
        String app = as(session).body(Map.of("name", "Payer app")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        String org = admin().get("/admin/v1/applications/" + app).then().statusCode(200).extract().path("organizationId");
        String mine = UUID.randomUUID().toString();
        String theirs = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        BillingStandIn billing = BillingStandIn.current();
        billing.answer("/billing/v1/invoices", r -> BillingStandIn.Answer.json(org.equals(r.query().get("organization"))
                ? "{\"items\":[" + invoice(mine, org, null) + "]}" : "{\"items\":[" + invoice(theirs, other, null) + "]}"));
        billing.answer("/billing/v1/invoices/" + mine, r -> BillingStandIn.Answer.json(invoice(mine, org, LINES)));
        billing.answer("/billing/v1/invoices/" + theirs, r -> BillingStandIn.Answer.json(invoice(theirs, other, LINES)));

        as(session).get("/developer/v1/billing/invoices").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(mine)).body("items[0].total", equalTo("61.88"));
        assertEquals(org, billing.requests("/billing/v1/invoices").get(0).query().get("organization"));
        as(session).get("/developer/v1/billing/invoices/" + mine).then().statusCode(200)
                .body("lines", hasSize(1)).body("lines[0].amount", equalTo("61.8787"));

        // Guessing another organization's invoice id answers exactly like an id that does not exist.
        String guessed = as(session).get("/developer/v1/billing/invoices/" + theirs).then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:not-found")).extract().path("detail");
        String unknown = UUID.randomUUID().toString();
        String missing = as(session).get("/developer/v1/billing/invoices/" + unknown).then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:not-found")).extract().path("detail");
        assertEquals(missing.replace(unknown, theirs), guessed);
        as(session).get("/developer/v1/billing/invoices/not-a-uuid").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        assertEquals(List.of("/billing/v1/invoices/" + mine, "/billing/v1/invoices/" + theirs, "/billing/v1/invoices/" + unknown),
                billing.requests().stream().map(BillingStandIn.Request::path).filter(p -> p.startsWith("/billing/v1/invoices/")).toList());
    }

    @Test
    void without_a_developer_session_billing_is_401_and_admin_tokens_are_refused() {
        for (String path : List.of("/developer/v1/billing/estimate", "/developer/v1/billing/invoices",
                "/developer/v1/billing/invoices/" + UUID.randomUUID())) {
            io.restassured.RestAssured.given().get(path).then().statusCode(401);
            admin().get(path).then().statusCode(403);
        }
        assertTrue(BillingStandIn.current().requests().isEmpty(), BillingStandIn.current().requests().toString());
    }

    @Test
    void billing_unreachable_is_a_503_billing_unavailable_problem_never_a_500() {
        String session = readyPartner(mailbox, uniqueEmail("offline"));
        BillingStandIn.current().down();
        for (String path : List.of("/developer/v1/billing/estimate", "/developer/v1/billing/invoices",
                "/developer/v1/billing/invoices/" + UUID.randomUUID())) {
            as(session).get(path).then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:gatehouse:problem:billing-unavailable"))
                    .body("status", equalTo(503));
        }
        BillingStandIn.current().up();
        as(session).get("/developer/v1/billing/estimate").then().statusCode(200).body("currencies", hasSize(0));
    }

    @Test
    void a_bad_period_is_a_400_naming_it_and_billing_is_not_asked() {
        String session = readyPartner(mailbox, uniqueEmail("period"));
        for (String period : List.of("2026-13", "next", "26-1")) {
            as(session).queryParam("period", period).get("/developer/v1/billing/estimate").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                    .body("errors[0].field", equalTo("period"));
        }
        assertTrue(BillingStandIn.current().requests("/billing/v1/estimates").isEmpty());
    }

    private static final String LINES = """
            [{"lineNo":1,"kind":"tier","description":"Metered: overage","quantity":734,"unitPrice":"1.333333",
              "perUnits":1000,"amount":"61.8787"}]""";

    private static String invoice(String id, String org, String lines) {
        return "{\"id\":\"" + id + "\",\"organizationId\":\"" + org + "\",\"period\":\"2026-11\",\"currency\":\"EUR\","
                + "\"status\":\"issued\",\"subtotal\":\"61.8787\",\"total\":\"61.88\",\"checksum\":\"abc\","
                + "\"issuedAt\":\"2026-12-01T01:00:00Z\",\"lineCount\":1" + (lines == null ? "" : ",\"lines\":" + lines) + "}";
    }
}
