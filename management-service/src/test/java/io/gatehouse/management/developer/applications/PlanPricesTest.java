package io.gatehouse.management.developer.applications;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The developer API answers each open plan's price, signed in (the plan picker) and signed out (the catalog). */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PlanPricesTest {

    @Inject
    MockMailbox mailbox;

    @Test
    void the_plan_picker_answers_the_flat_fee_included_requests_and_tiers_as_decimal_strings() {
        String api = publishedApi();
        String plan = plan(api, "Growth", tieredPrice());
        String session = readyPartner(mailbox, uniqueEmail("prices"));

        String offer = "find { it.id == '" + plan + "' }.";
        as(session).get("/developer/v1/plans").then().statusCode(200)
                .body(offer + "price.currency", equalTo("EUR"))
                .body(offer + "price.flatFee", equalTo("9.90"))
                .body(offer + "price.includedRequests", equalTo(10_000))
                .body(offer + "price.period", equalTo("month"))
                .body(offer + "price.overageModel", equalTo("tiered"))
                .body(offer + "price.tiers", hasSize(2))
                .body(offer + "price.tiers[0].upTo", equalTo(90_000))
                .body(offer + "price.tiers[0].unitPrice", equalTo("0.50"))
                .body(offer + "price.tiers[0].perUnits", equalTo(1000))
                .body(offer + "price.tiers[1].upTo", nullValue())
                .body(offer + "price.tiers[1].unitPrice", equalTo("0.30"))
                .body(offer + "price.billableStatusClasses", equalTo(List.of("2xx", "3xx")))
                .body(offer + "limits.maxRequests", containsInAnyOrder(100, 100_000));
    }

    @Test
    void a_free_plan_answers_no_fee_nothing_included_and_no_tiers() {
        String api = publishedApi();
        String plan = plan(api, "Free", Map.of());
        String session = readyPartner(mailbox, uniqueEmail("free"));

        String offer = "find { it.id == '" + plan + "' }.";
        as(session).get("/developer/v1/plans").then().statusCode(200)
                .body(offer + "price.flatFee", equalTo("0.00"))
                .body(offer + "price.includedRequests", equalTo(0))
                .body(offer + "price.tiers", empty());
    }

    @Test
    void amounts_keep_a_price_below_a_cent_and_a_currency_without_minor_units() {
        String api = publishedApi();
        String plan = plan(api, "Metered", Map.of("currency", "JPY", "flatFee", 1200,
                "priceTiers", List.of(Map.of("unitPrice", "0.0025", "perUnits", 1))));
        String session = readyPartner(mailbox, uniqueEmail("yen"));

        String offer = "find { it.id == '" + plan + "' }.";
        as(session).get("/developer/v1/plans").then().statusCode(200)
                .body(offer + "price.currency", equalTo("JPY"))
                .body(offer + "price.flatFee", equalTo("1200"))
                .body(offer + "price.tiers[0].unitPrice", equalTo("0.0025"));
    }

    @Test
    void the_catalog_answers_an_apis_open_plans_with_their_prices_without_a_session() {
        String api = publishedApi();
        String plan = plan(api, "Growth", tieredPrice());
        Map<String, Object> hidden = new HashMap<>(tieredPrice());
        hidden.put("visibility", "private");
        plan(api, "Negotiated", hidden);

        given().get("/developer/v1/catalog").then().statusCode(200)
                .body("find { it.id == '" + api + "' }.plans.id", equalTo(List.of(plan)))
                .body("find { it.id == '" + api + "' }.plans[0].price.flatFee", equalTo("9.90"))
                .body("find { it.id == '" + api + "' }.plans[0].price.tiers[1].unitPrice", equalTo("0.30"));
        given().get("/developer/v1/catalog/" + api).then().statusCode(200)
                .body("plans.id", equalTo(List.of(plan)))
                .body("plans[0].name", equalTo("Growth"))
                .body("plans[0].price.tiers[0].unitPrice", equalTo("0.50"))
                .body("plans[0].limits.timeUnit", containsInAnyOrder("minute", "month"));
    }

    @Test
    void a_deprecated_api_offers_no_plan_in_the_catalog() {
        String api = publishedApi();
        plan(api, "Growth", tieredPrice());
        admin().body(Map.of("lifecycle", "deprecated")).patch("/admin/v1/apis/" + api).then().statusCode(200);

        given().get("/developer/v1/catalog/" + api).then().statusCode(200).body("plans", empty());
    }

    /** €9.90 a month, 10,000 included, then €0.50 per 1,000 for the next 90,000 and €0.30 per 1,000 beyond. */
    private static Map<String, Object> tieredPrice() {
        return Map.of("currency", "EUR", "flatFee", "9.90", "includedRequests", 10_000, "overageModel", "tiered",
                "billableStatusClasses", "2xx,3xx",
                "priceTiers", List.of(Map.of("upTo", 90_000, "unitPrice", "0.50", "perUnits", 1000),
                        Map.of("unitPrice", "0.30", "perUnits", 1000)));
    }

    private static String publishedApi() {
        String route = "/prices-" + Long.toString(System.nanoTime(), 36);
        return admin().body(Map.of("name", "Priced " + route, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    /** A public plan of {@code api}: 100 a minute and 100,000 a month, with {@code price}'s fields. */
    private static String plan(String api, String name, Map<String, Object> price) {
        Map<String, Object> body = new HashMap<>(price);
        body.put("apiId", api);
        body.put("name", name);
        body.put("limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"),
                Map.of("kind", "quota", "maxRequests", 100_000, "timeUnit", "month")));
        return admin().body(body).post("/admin/v1/plans").then().statusCode(201).extract().path("id");
    }
}
