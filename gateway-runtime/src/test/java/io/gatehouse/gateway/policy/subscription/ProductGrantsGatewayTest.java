package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.config.ConfigChangeListener;
import io.gatehouse.gateway.support.GatewayWorld;
import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.gatehouse.gateway.support.GatewayWorld.readyVersion;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 1, through the real gateway, Redis and the echo upstream: a subscription to a plan of a product of
 * two APIs (one of them only in part) admits what the product grants and answers 403 {@code not-subscribed} for the
 * rest; a subscription from before products still works; one plan's limits cover the whole product; a delta that
 * narrows the grants takes effect. The world is {@link TestSnapshots#withProductApis}.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorldResource.class)
@QuarkusTestResource(RedisNamespaceResource.class)
class ProductGrantsGatewayTest {

    private static final String NOT_SUBSCRIBED = "urn:gatehouse:problem:not-subscribed";

    @Inject
    RedisDataSource redis;

    @Inject
    ConfigChangeListener listener;

    @ConfigProperty(name = "gatehouse.management-url")
    String managementUrl;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @BeforeEach
    void gateway_has_loaded_its_config_and_subscribed() {
        await(Duration.ofSeconds(20), "the gateway to load a config", () -> readyVersion() >= 1);
        await(Duration.ofSeconds(10), "the change subscription", () -> listener.subscribed());
    }

    private static ValidatableResponse call(String key, String method, String path) {
        return given().header("X-Api-Key", key).request(method, path).then();
    }

    private static void echoed(String key, String method, String path) {
        call(key, method, path).statusCode(200).body("upstream", equalTo("echo"));
    }

    private static void refused(String key, String method, String path, String detail) {
        call(key, method, path).statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(NOT_SUBSCRIBED)).body("detail", equalTo(detail));
    }

    @Test
    void a_product_subscription_reaches_both_of_its_apis() {
        echoed(TestKeys.PARTNER, "GET", "/product-a/orders");
        echoed(TestKeys.PARTNER, "POST", "/product-a/orders");
        echoed(TestKeys.PARTNER, "GET", "/product-b/items/7");
    }

    @Test
    void a_method_or_route_the_product_does_not_grant_is_refused_with_403_not_subscribed() {
        refused(TestKeys.PARTNER, "POST", "/product-b/items/7",
                "The product of this API key's plan does not include the method POST on this route");
        refused(TestKeys.PARTNER, "GET", "/product-b/admin",
                "The product of this API key's plan does not include this route of the API");
        refused(TestKeys.PARTNER, "GET", "/demo/x",
                "The application of this API key has no active subscription to this API");
    }

    @Test
    void a_subscription_from_before_products_without_grants_still_grants_its_api() {
        echoed(TestKeys.PARTNER, "GET", "/product-legacy/x");
        echoed(TestKeys.PARTNER, "DELETE", "/product-legacy/x");
    }

    @Test
    void one_subscription_s_limits_cover_every_api_of_its_product() {
        echoed(TestKeys.METERED_PARTNER, "GET", "/product-a/x");
        echoed(TestKeys.METERED_PARTNER, "GET", "/product-b/items/1");
        echoed(TestKeys.METERED_PARTNER, "GET", "/product-b/admin");

        call(TestKeys.METERED_PARTNER, "GET", "/product-a/x").statusCode(429)
                .body("type", equalTo("urn:gatehouse:problem:rate-limited"));
    }

    @Test
    void a_delta_that_narrows_the_grants_takes_effect() {
        echoed(TestKeys.NARROWED_PARTNER, "POST", "/product-a/x");
        echoed(TestKeys.NARROWED_PARTNER, "GET", "/product-b/admin");
        JsonObject current = GatewayWorld.currentSnapshot(managementUrl);
        long from = current.getLong("version");
        await(Duration.ofSeconds(10), "the gateway to hold version " + from, () -> readyVersion() == from);
        JsonObject narrowed = TestSnapshots.productSubscription("s-narrowed-bundle", TestSnapshots.NARROWED_PARTNER_APP,
                "p-bundle", TestSnapshots.grant(TestSnapshots.PRODUCT_A_API, null, List.of("GET")));
        JsonObject next = current.copy().put("version", from + 1);
        JsonArray subscriptions = new JsonArray();
        for (Object s : next.getJsonArray("subscriptions")) {
            subscriptions.add("s-narrowed-bundle".equals(((JsonObject) s).getString("id")) ? narrowed : s);
        }
        next.put("subscriptions", subscriptions);
        JsonObject delta = new JsonObject().put("from", from).put("version", from + 1)
                .put("apis", new JsonArray()).put("plans", new JsonArray()).put("applications", new JsonArray())
                .put("subscriptions", new JsonArray().add(narrowed)).put("keys", new JsonArray())
                .put("removed", new JsonObject());
        int servedBefore = GatewayWorld.deltasServed(managementUrl);

        GatewayWorld.serveDelta(managementUrl, delta, next);
        redis.pubsub(String.class).publish(namespace + ":config:changed", String.valueOf(from + 1));
        await(Duration.ofSeconds(5), "the narrowed grants to be enforced",
                () -> call(TestKeys.NARROWED_PARTNER, "POST", "/product-a/x").extract().statusCode() == 403);

        assertTrue(GatewayWorld.deltasServed(managementUrl) > servedBefore, "the change came as a delta");
        refused(TestKeys.NARROWED_PARTNER, "POST", "/product-a/x",
                "The product of this API key's plan does not include the method POST on this route");
        echoed(TestKeys.NARROWED_PARTNER, "GET", "/product-a/x");
        refused(TestKeys.NARROWED_PARTNER, "GET", "/product-b/admin",
                "The application of this API key has no active subscription to this API");
    }
}
