package io.gatehouse.management.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.configdigest.ConfigDigest;
import io.gatehouse.management.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 1: a product groups APIs (whole, or some routes and methods); plans belong to a product and a
 * subscription grants what the product grants, in the admin API, the gateway snapshot and deltas, and the catalog.
 */
@QuarkusTest
class ProductsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_plan_created_for_an_api_joins_that_apis_own_product_which_grants_the_whole_api() {
        AdminApi.World w = AdminApi.World.create();
        String productId = admin().get("/admin/v1/plans/" + w.planId()).then().statusCode(200)
                .body("apiId", equalTo(w.apiId())).extract().path("productId");
        assertNotNull(productId);
        admin().get("/admin/v1/products/" + productId).then().statusCode(200)
                .body("homeApiId", equalTo(w.apiId()))
                .body("apis.size()", equalTo(1))
                .body("apis[0].apiId", equalTo(w.apiId()))
                .body("apis[0].routeIds.size()", equalTo(0))
                .body("apis[0].methods.size()", equalTo(0));
        String second = create("/admin/v1/plans", Map.of("apiId", w.apiId(), "name", "Pro"));
        admin().get("/admin/v1/plans/" + second).then().body("productId", equalTo(productId));
    }

    @Test
    void a_subscription_to_a_plan_of_a_two_api_product_grants_both_apis_in_the_snapshot() {
        Bundle b = Bundle.create();
        JsonNode snapshot = snapshot();
        JsonNode plan = entry(snapshot, "plans", b.planId);
        assertEquals(b.productId, plan.get("productId").asText());
        assertTrue(plan.get("apiId") == null || plan.get("apiId").isNull(), "a plan of two APIs has no single apiId");

        JsonNode sub = entry(snapshot, "subscriptions", b.subscriptionId);
        List<String> apis = new ArrayList<>(List.of(b.fullApi, b.restrictedApi));
        apis.sort(Comparator.naturalOrder());
        assertEquals(apis.get(0), sub.get("apiId").asText(), "apiId is the first grant's API");
        assertEquals(2, sub.get("grants").size());
        for (int i = 0; i < 2; i++) {
            JsonNode grant = sub.get("grants").get(i);
            assertEquals(apis.get(i), grant.get("apiId").asText(), "grants are sorted by apiId");
            if (apis.get(i).equals(b.restrictedApi)) {
                assertEquals(List.of(b.restrictedRoute), texts(grant.get("routeIds")));
                assertEquals(List.of("GET", "HEAD"), texts(grant.get("methods")));
            } else {
                assertFalse(grant.has("routeIds"), "a whole API leaves routeIds out: " + grant);
                assertFalse(grant.has("methods"), "a whole API leaves methods out: " + grant);
            }
        }
    }

    @Test
    void a_second_subscription_granting_an_api_the_application_holds_is_a_conflict_naming_the_application_api_and_plan() {
        Bundle b = Bundle.create();
        // The restricted API's own plan: its product grants an API the bundle's subscription grants already.
        String own = create("/admin/v1/plans", Map.of("apiId", b.restrictedApi, "name", "Solo"));
        admin().body(Map.of("applicationId", b.appId, "planId", own)).post("/admin/v1/subscriptions").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:conflict"))
                .body("detail", containsString("Checkout already has a subscription to " + b.restrictedApiName))
                .body("detail", containsString("plan Bundle Basic"));
        // Another application of the organization may hold both.
        String other = create("/admin/v1/applications", Map.of("organizationId", b.orgId, "name", "Other"));
        create("/admin/v1/subscriptions", Map.of("applicationId", other, "planId", own));
    }

    @Test
    void adding_an_api_an_application_holds_through_another_product_is_refused() {
        Bundle b = Bundle.create();
        AdminApi.World w = AdminApi.World.create();
        create("/admin/v1/subscriptions", Map.of("applicationId", b.appId, "planId", w.planId()));
        admin().body(Map.of()).put("/admin/v1/products/" + b.productId + "/apis/" + w.apiId()).then()
                .statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:conflict"))
                .body("detail", containsString("Application Checkout"));
    }

    @Test
    void a_grant_names_only_routes_of_that_api_and_upper_case_methods() {
        Bundle b = Bundle.create();
        String otherRoute = admin().get("/admin/v1/apis/" + b.fullApi).then().extract().path("routes[0].id");
        admin().body(Map.of("routeIds", List.of(otherRoute))).put("/admin/v1/products/" + b.productId + "/apis/" + b.restrictedApi)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", hasItem("routeIds[0]"));
        admin().body(Map.of("methods", List.of("get"))).put("/admin/v1/products/" + b.productId + "/apis/" + b.restrictedApi)
                .then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"));
        admin().body(Map.of()).put("/admin/v1/products/" + b.productId + "/apis/" + java.util.UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void a_product_with_plans_cannot_be_deleted_nor_lose_its_last_api_and_one_without_plans_can() {
        Bundle b = Bundle.create();
        admin().delete("/admin/v1/products/" + b.productId).then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:product-in-use"));
        admin().delete("/admin/v1/products/" + b.productId + "/apis/" + b.fullApi).then().statusCode(200)
                .body("apis.size()", equalTo(1));
        admin().delete("/admin/v1/products/" + b.productId + "/apis/" + b.restrictedApi).then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:conflict"));

        String empty = create("/admin/v1/products", Map.of("name", unique("Empty")));
        admin().delete("/admin/v1/products/" + empty).then().statusCode(204);
        admin().get("/admin/v1/products/" + empty).then().statusCode(404);
    }

    @Test
    void a_plan_of_a_product_with_one_api_left_names_that_api_again() {
        Bundle b = Bundle.create();
        admin().get("/admin/v1/plans/" + b.planId).then().body("apiId", nullValue());
        admin().delete("/admin/v1/products/" + b.productId + "/apis/" + b.fullApi).then().statusCode(200);
        admin().get("/admin/v1/plans/" + b.planId).then().body("apiId", equalTo(b.restrictedApi));
        admin().get("/admin/v1/subscriptions/" + b.subscriptionId).then().body("apiId", equalTo(b.restrictedApi));
    }

    @Test
    void deleting_a_granted_route_takes_it_out_of_the_grant_and_the_only_granted_route_cannot_be_deleted() {
        Bundle b = Bundle.create();
        String second = admin().body(Map.of("pathPrefix", "/" + unique("second")))
                .post("/admin/v1/apis/" + b.restrictedApi + "/routes").then().statusCode(201)
                .extract().path("routes[1].id");
        admin().delete("/admin/v1/apis/" + b.restrictedApi + "/routes/" + b.restrictedRoute).then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:conflict"))
                .body("detail", containsString(b.productName));
        admin().body(Map.of("routeIds", List.of(b.restrictedRoute, second), "methods", List.of("GET")))
                .put("/admin/v1/products/" + b.productId + "/apis/" + b.restrictedApi).then().statusCode(200);
        admin().delete("/admin/v1/apis/" + b.restrictedApi + "/routes/" + b.restrictedRoute).then().statusCode(200);
        admin().get("/admin/v1/products/" + b.productId).then()
                .body("apis.find { it.apiId == '" + b.restrictedApi + "' }.routeIds", equalTo(List.of(second)));
        JsonNode grant = null;
        for (JsonNode g : entry(snapshot(), "subscriptions", b.subscriptionId).get("grants")) {
            if (g.get("apiId").asText().equals(b.restrictedApi)) {
                grant = g;
            }
        }
        assertNotNull(grant);
        assertEquals(List.of(second), texts(grant.get("routeIds")));
    }

    @Test
    void a_delta_after_a_grant_change_carries_the_new_grants_and_equals_the_snapshot() {
        Bundle b = Bundle.create();
        JsonNode before = snapshot();
        long from = before.get("version").asLong();
        admin().body(Map.of("methods", List.of("POST"))).put("/admin/v1/products/" + b.productId + "/apis/" + b.fullApi)
                .then().statusCode(200);

        JsonNode delta = read(gateway().get("/internal/v1/gateway/changes?after=" + from).then().statusCode(200)
                .extract().asByteArray());
        JsonNode sub = entry(delta, "subscriptions", b.subscriptionId);
        JsonNode fullGrant = null;
        for (JsonNode g : sub.get("grants")) {
            if (g.get("apiId").asText().equals(b.fullApi)) {
                fullGrant = g;
            }
        }
        assertNotNull(fullGrant, "the delta's subscription grants " + b.fullApi + ": " + sub);
        assertEquals(List.of("POST"), texts(fullGrant.get("methods")));
        assertNotNull(entry(delta, "plans", b.planId), "the product's plan travels with it");

        JsonNode now = snapshot();
        JsonNode applied = apply(before, delta);
        assertEquals(ConfigDigest.of(now), ConfigDigest.of(applied), "snapshot + delta = current snapshot");
    }

    @Test
    void a_subscription_changes_plan_within_its_product_and_not_to_another_product() {
        Bundle b = Bundle.create();
        String pro = admin().body(Map.of("name", "Bundle Pro", "flatFee", 20))
                .post("/admin/v1/products/" + b.productId + "/plans").then().statusCode(201)
                .body("productId", equalTo(b.productId)).extract().path("id");
        admin().body(Map.of("planId", pro)).post("/admin/v1/subscriptions/" + b.subscriptionId + "/plan-change")
                .then().statusCode(200).body("planId", equalTo(pro));
        String elsewhere = create("/admin/v1/plans", Map.of("apiId", b.fullApi, "name", "Solo"));
        admin().body(Map.of("planId", elsewhere)).post("/admin/v1/subscriptions/" + b.subscriptionId + "/plan-change")
                .then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:plan-not-in-product"));
    }

    @Test
    void the_catalog_lists_a_product_with_its_apis_restrictions_and_priced_plans() {
        Bundle b = Bundle.create();
        String path = "/developer/v1/catalog/products";
        given().get(path).then().statusCode(200).body("id", hasItem(b.productId));
        given().get(path + "/" + b.productId).then().statusCode(200)
                .body("name", equalTo(b.productName))
                .body("apis.size()", equalTo(2))
                .body("apis.find { it.id == '" + b.restrictedApi + "' }.methods", equalTo(List.of("GET", "HEAD")))
                .body("apis.find { it.id == '" + b.restrictedApi + "' }.routes[0].id", equalTo(b.restrictedRoute))
                .body("apis.find { it.id == '" + b.fullApi + "' }.routes", nullValue())
                .body("apis.find { it.id == '" + b.fullApi + "' }.methods", nullValue())
                .body("plans[0].id", equalTo(b.planId))
                .body("plans[0].productId", equalTo(b.productId))
                .body("plans[0].price.flatFee", equalTo("9.90"))
                .body("plans[0].price.currency", equalTo("EUR"));
        String empty = create("/admin/v1/products", Map.of("name", unique("Nothing published")));
        given().get(path + "/" + empty).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void the_billing_feed_names_each_plans_product_and_a_bundle_plan_has_no_single_api() {
        Bundle b = Bundle.create();
        given().header("Authorization", "Bearer test-billing-token-0123456789").get("/internal/v1/billing/plans").then()
                .statusCode(200)
                .body("plans.find { it.id == '" + b.planId + "' }.productId", equalTo(b.productId))
                .body("plans.find { it.id == '" + b.planId + "' }.apiId", nullValue())
                .body("plans.find { it.id == '" + b.planId + "' }.flatFee", hasToString("9.9"))
                .body("subscriptions.find { it.subscriptionId == '" + b.subscriptionId + "' }.planId", equalTo(b.planId));
    }

    @Test
    void renaming_a_product_to_blanks_is_refused_naming_the_field_and_changes_nothing() {
        String name = unique("Named");
        String id = create("/admin/v1/products", Map.of("name", name));
        admin().body(Map.of("name", "   ")).patch("/admin/v1/products/" + id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("name"));
        admin().get("/admin/v1/products/" + id).then().body("name", equalTo(name));
    }

    @Test
    void products_are_audited_and_need_an_admin_role() {
        String id = create("/admin/v1/products", Map.of("name", unique("Audited")));
        admin().get("/admin/v1/audit?entityId=" + id).then().statusCode(200)
                .body("items.action", hasItem("product.created"));
        given().contentType("application/json").body(Map.of("name", "x")).post("/admin/v1/products").then().statusCode(401);
    }

    /** Two published APIs in one product (one whole, one restricted to a route and GET/HEAD), a plan, a subscriber. */
    record Bundle(String productId, String productName, String fullApi, String restrictedApi, String restrictedApiName,
                  String restrictedRoute, String planId, String orgId, String appId, String subscriptionId) {
        static Bundle create() {
            String full = api("Orders");
            String restrictedName = unique("Stock");
            String restricted = AdminApi.create("/admin/v1/apis", Map.of("name", restrictedName, "lifecycle", "published",
                    "routePath", "/" + unique("r"), "upstreamUrl", "http://127.0.0.1:9/base"));
            String route = admin().get("/admin/v1/apis/" + restricted).then().extract().path("routes[0].id");
            String name = unique("Commerce");
            String product = AdminApi.create("/admin/v1/products", Map.of("name", name, "description", "Orders and stock"));
            admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + full).then().statusCode(200);
            admin().body(Map.of("routeIds", List.of(route), "methods", List.of("HEAD", "GET", "GET")))
                    .put("/admin/v1/products/" + product + "/apis/" + restricted).then().statusCode(200)
                    .body("apis.size()", equalTo(2));
            String plan = admin().body(Map.of("name", "Bundle Basic", "flatFee", 9.90,
                            "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"))))
                    .post("/admin/v1/products/" + product + "/plans").then().statusCode(201).extract().path("id");
            String org = AdminApi.create("/admin/v1/organizations", Map.of("name", unique("Acme")));
            String app = AdminApi.create("/admin/v1/applications", Map.of("organizationId", org, "name", "Checkout"));
            String sub = AdminApi.create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
            return new Bundle(product, name, full, restricted, restrictedName, route, plan, org, app, sub);
        }

        private static String api(String name) {
            return AdminApi.create("/admin/v1/apis", Map.of("name", unique(name), "lifecycle", "published",
                    "routePath", "/" + unique("r"), "upstreamUrl", "http://127.0.0.1:9/base"));
        }
    }

    private static RequestSpecification gateway() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN);
    }

    private static JsonNode snapshot() {
        return read(gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().asByteArray());
    }

    private static JsonNode entry(JsonNode config, String collection, String id) {
        for (JsonNode e : config.get(collection)) {
            if (e.get("id").asText().equals(id)) {
                return e;
            }
        }
        throw new AssertionError(collection + " holds no " + id + ": " + config.get(collection));
    }

    /** Applies a delta to a snapshot as the contract says: replace by id, add, then remove. */
    private static JsonNode apply(JsonNode snapshot, JsonNode delta) {
        com.fasterxml.jackson.databind.node.ObjectNode result = JSON.createObjectNode();
        for (String collection : ConfigDigest.COLLECTIONS) {
            Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
            snapshot.get(collection).forEach(e -> byId.put(e.get("id").asText(), e));
            delta.get(collection).forEach(e -> byId.put(e.get("id").asText(), e));
            delta.get("removed").get(collection).forEach(id -> byId.remove(id.asText()));
            byId.values().forEach(result.putArray(collection)::add);
        }
        return result;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
