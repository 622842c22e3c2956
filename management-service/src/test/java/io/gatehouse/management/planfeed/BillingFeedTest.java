package io.gatehouse.management.planfeed;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class BillingFeedTest {

    static final String BILLING_TOKEN = "test-billing-token-0123456789";
    static final String GATEWAY_TOKEN = "test-gateway-token-0123456789";
    static final String ADMIN_TOKEN = "test-admin-token";
    static final String FEED = "/internal/v1/billing/plans";

    @Test
    void the_feed_needs_the_billing_token_and_nothing_else_opens_it() {
        given().get(FEED).then().statusCode(401);
        given().header("Authorization", "Bearer not-the-billing-token-at-all").get(FEED).then().statusCode(401);
        given().header("Authorization", "Bearer " + GATEWAY_TOKEN).get(FEED).then().statusCode(403);
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).get(FEED).then().statusCode(403);
        given().header("Authorization", "Bearer " + BILLING_TOKEN).get(FEED).then().statusCode(200);
    }

    @Test
    void the_billing_token_opens_nothing_but_the_feed() {
        given().header("Authorization", "Bearer " + BILLING_TOKEN).get("/admin/v1/plans").then().statusCode(403);
        given().header("Authorization", "Bearer " + BILLING_TOKEN).get("/internal/v1/gateway/version").then().statusCode(403);
    }

    @Test
    void the_feed_carries_each_plans_price_model_and_each_subscriptions_organization() {
        String api = create("/admin/v1/apis", Map.of("name", unique("Metered"), "lifecycle", "published",
                "routePath", "/" + unique("m"), "upstreamUrl", "http://127.0.0.1:9/base"));
        String plan = create("/admin/v1/plans", Map.of("apiId", api, "name", "Metered", "currency", "EUR",
                "flatFee", "49.90", "includedRequests", 10000, "overageModel", "tiered",
                "billableStatusClasses", "2xx,3xx,4xx", "timeZone", "Europe/Berlin",
                "priceTiers", List.of(Map.of("upTo", 5000, "unitPrice", "1.50", "perUnits", 1000),
                        Map.of("unitPrice", "0.75", "perUnits", 1000))));
        String org = create("/admin/v1/organizations", Map.of("name", unique("Acme")));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Checkout"));
        String sub = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));

        JsonPath feed = given().header("Authorization", "Bearer " + BILLING_TOKEN).get(FEED)
                .then().statusCode(200).contentType("application/json")
                .body("version", equalTo(1))
                .extract().jsonPath();
        Map<String, Object> p = feed.getMap("plans.find { it.id == '" + plan + "' }");
        assertEquals(api, p.get("apiId"));
        assertEquals("Metered", p.get("name"));
        assertEquals("EUR", p.get("currency"));
        assertEquals("49.9", String.valueOf(p.get("flatFee")));
        assertEquals(10000, p.get("includedRequests"));
        assertEquals("tiered", p.get("overageModel"));
        assertEquals(List.of("2xx", "3xx", "4xx"), p.get("billableStatusClasses"));
        assertEquals("Europe/Berlin", p.get("timeZone"));
        List<Map<String, Object>> tiers = feed.getList("plans.find { it.id == '" + plan + "' }.tiers");
        assertEquals(2, tiers.size());
        assertEquals(5000, tiers.get(0).get("upTo"));
        assertEquals("1.5", String.valueOf(tiers.get(0).get("unitPrice")));
        assertEquals(1000, tiers.get(0).get("perUnits"));
        assertNull(tiers.get(1).get("upTo"));

        Map<String, Object> s = feed.getMap("subscriptions.find { it.subscriptionId == '" + sub + "' }");
        assertEquals(app, s.get("applicationId"));
        assertEquals(org, s.get("organizationId"));
        assertEquals(plan, s.get("planId"));
        assertEquals(api, s.get("apiId"));
        assertEquals("active", s.get("status"));
        assertNotNull(s.get("activatedAt"));
        assertNull(s.get("endedAt"));
    }

    private static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static String create(String path, Map<String, ?> body) {
        return admin().body(body).post(path).then().statusCode(201).extract().path("id");
    }

    private static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }
}
