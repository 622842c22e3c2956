package io.gatehouse.management;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Small helpers over the admin API, as the tests' admin sees it: with the bootstrap token. Public for the
 * integration tests in the feature packages ({@code apis}, {@code console}, {@code gatewayconfig}, ...).
 */
public final class AdminApi {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String GATEWAY_TOKEN = "test-gateway-token-0123456789";

    private AdminApi() {
    }

    public static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    public static ValidatableResponse post(String path, Map<String, ?> body) {
        return admin().body(body).post(path).then();
    }

    public static String create(String path, Map<String, ?> body) {
        return post(path, body).statusCode(201).extract().path("id");
    }

    public static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }

    /** Creates a published API, a plan, an organization, an application and an active subscription. */
    public record World(String apiId, String planId, String orgId, String appId, String subscriptionId, String routePath) {
        public static World create() {
            String route = "/" + unique("r");
            String api = AdminApi.create("/admin/v1/apis", Map.of("name", unique("Payments"), "lifecycle", "published",
                    "routePath", route, "upstreamUrl", "http://127.0.0.1:9/base"));
            String plan = AdminApi.create("/admin/v1/plans", Map.of("apiId", api, "name", "Starter",
                    "limits", java.util.List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"))));
            String org = AdminApi.create("/admin/v1/organizations", Map.of("name", unique("Acme")));
            String app = AdminApi.create("/admin/v1/applications", Map.of("organizationId", org, "name", "Checkout"));
            String sub = AdminApi.create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
            return new World(api, plan, org, app, sub, route);
        }
    }
}
