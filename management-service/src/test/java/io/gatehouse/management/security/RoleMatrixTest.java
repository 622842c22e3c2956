package io.gatehouse.management.security;

import io.gatehouse.management.AdminApi;
import io.gatehouse.management.billingreports.BillingThroughManagementTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API's role matrix, exactly as written in the management-service README: every admin
 * route (as the running app's OpenAPI document lists them) has a rule, and every rule holds for
 * each role with a real OIDC bearer token.
 */
@QuarkusTest
class RoleMatrixTest {

    /** What a role may do on a route. */
    enum Access {
        /** Answered (2xx). */
        YES,
        /** 403 problem. */
        NO,
        /** Allowed on the APIs (their plans, their analytics) whose owner is the caller, 403 on the others. */
        OWN
    }

    static final Access Y = Access.YES;
    static final Access N = Access.NO;
    static final Access O = Access.OWN;

    /** One row of the matrix: a route and what platform-admin, api-owner, billing-viewer and auditor may do. */
    record Rule(String method, String path, Access platformAdmin, Access apiOwner, Access billingViewer, Access auditor) {
        String route() {
            return method + " " + path;
        }

        Access of(String role) {
            return switch (role) {
                case "platform-admin" -> platformAdmin;
                case "api-owner" -> apiOwner;
                case "billing-viewer" -> billingViewer;
                case "auditor" -> auditor;
                default -> throw new IllegalArgumentException(role);
            };
        }
    }

    /** The matrix of the README, row by row. */
    static final List<Rule> MATRIX = List.of(
            new Rule("GET", "/admin/v1/apis", Y, Y, Y, Y),
            new Rule("POST", "/admin/v1/apis", Y, Y, N, N),
            new Rule("POST", "/admin/v1/apis/import", Y, Y, N, N),
            new Rule("GET", "/admin/v1/apis/{id}", Y, Y, Y, Y),
            new Rule("PATCH", "/admin/v1/apis/{id}", Y, O, N, N),
            new Rule("GET", "/admin/v1/apis/{id}/openapi", Y, Y, Y, Y),
            new Rule("PUT", "/admin/v1/apis/{id}/openapi", Y, O, N, N),
            new Rule("PUT", "/admin/v1/apis/{id}/targets", Y, O, N, N),
            new Rule("PUT", "/admin/v1/apis/{id}/options", Y, O, N, N),
            new Rule("PUT", "/admin/v1/apis/{id}/routes/{routeId}/options", Y, O, N, N),
            new Rule("POST", "/admin/v1/apis/{id}/routes", Y, O, N, N),
            new Rule("PUT", "/admin/v1/apis/{id}/routes/{routeId}", Y, O, N, N),
            new Rule("DELETE", "/admin/v1/apis/{id}/routes/{routeId}", Y, O, N, N),
            new Rule("PUT", "/admin/v1/apis/{id}/routes/order", Y, O, N, N),
            new Rule("GET", "/admin/v1/apis/{id}/guides", Y, Y, Y, Y),
            new Rule("GET", "/admin/v1/apis/{id}/guides/{slug}", Y, Y, Y, Y),
            new Rule("PUT", "/admin/v1/apis/{id}/guides/{slug}", Y, O, N, N),
            new Rule("DELETE", "/admin/v1/apis/{id}/guides/{slug}", Y, O, N, N),
            new Rule("POST", "/admin/v1/apis/{id}/cache/purge", Y, O, N, N),
            new Rule("GET", "/admin/v1/plans", Y, Y, Y, Y),
            new Rule("POST", "/admin/v1/plans", Y, O, N, N),
            new Rule("GET", "/admin/v1/plans/{id}", Y, Y, Y, Y),
            new Rule("PATCH", "/admin/v1/plans/{id}", Y, O, N, N),
            new Rule("GET", "/admin/v1/products", Y, Y, Y, Y),
            new Rule("POST", "/admin/v1/products", Y, Y, N, N),
            new Rule("GET", "/admin/v1/products/{id}", Y, Y, Y, Y),
            new Rule("PATCH", "/admin/v1/products/{id}", Y, O, N, N),
            new Rule("DELETE", "/admin/v1/products/{id}", Y, O, N, N),
            new Rule("PUT", "/admin/v1/products/{id}/apis/{apiId}", Y, O, N, N),
            new Rule("DELETE", "/admin/v1/products/{id}/apis/{apiId}", Y, O, N, N),
            new Rule("POST", "/admin/v1/products/{id}/plans", Y, O, N, N),
            new Rule("GET", "/admin/v1/organizations", Y, N, Y, Y),
            new Rule("POST", "/admin/v1/organizations", Y, N, N, N),
            new Rule("GET", "/admin/v1/organizations/{id}", Y, N, Y, Y),
            new Rule("PATCH", "/admin/v1/organizations/{id}", Y, N, N, N),
            new Rule("GET", "/admin/v1/organizations/{id}/members", Y, N, Y, Y),
            new Rule("GET", "/admin/v1/applications", Y, N, Y, Y),
            new Rule("POST", "/admin/v1/applications", Y, N, N, N),
            new Rule("GET", "/admin/v1/applications/{id}", Y, N, Y, Y),
            new Rule("PATCH", "/admin/v1/applications/{id}", Y, N, N, N),
            new Rule("GET", "/admin/v1/subscriptions", Y, N, Y, Y),
            new Rule("POST", "/admin/v1/subscriptions", Y, N, N, N),
            new Rule("GET", "/admin/v1/subscriptions/{id}", Y, N, Y, Y),
            new Rule("PATCH", "/admin/v1/subscriptions/{id}", Y, N, N, N),
            new Rule("POST", "/admin/v1/subscriptions/{id}/plan-change", Y, N, N, N),
            new Rule("POST", "/admin/v1/subscriptions/{id}/plan-change/approve", Y, N, N, N),
            new Rule("POST", "/admin/v1/subscriptions/{id}/plan-change/reject", Y, N, N, N),
            new Rule("GET", "/admin/v1/applications/{applicationId}/keys", Y, N, N, Y),
            new Rule("POST", "/admin/v1/applications/{applicationId}/keys", Y, N, N, N),
            new Rule("GET", "/admin/v1/keys", Y, N, N, Y),
            new Rule("GET", "/admin/v1/keys/{keyId}", Y, N, N, Y),
            new Rule("POST", "/admin/v1/keys/{keyId}/revoke", Y, N, N, N),
            new Rule("GET", "/admin/v1/audit", Y, N, N, Y),
            new Rule("GET", "/admin/v1/audit/export", Y, N, N, Y),
            new Rule("GET", "/admin/v1/gateways", Y, N, N, Y),
            new Rule("DELETE", "/admin/v1/gateways/departed", Y, N, N, N),
            new Rule("DELETE", "/admin/v1/gateways/{nodeId}", Y, N, N, N),
            new Rule("GET", "/admin/v1/analytics/timeseries", Y, O, Y, Y),
            new Rule("GET", "/admin/v1/analytics/top-applications", Y, O, Y, Y),
            new Rule("GET", "/admin/v1/billing/invoices", Y, N, Y, Y),
            new Rule("GET", "/admin/v1/billing/invoices/{id}", Y, N, Y, Y),
            new Rule("GET", "/admin/v1/billing/reports/usage", Y, N, Y, Y),
            new Rule("GET", "/admin/v1/billing/reports/invoices", Y, N, Y, Y),
            new Rule("GET", "/admin/v1/billing/metering-gaps", Y, N, Y, Y),
            new Rule("GET", "/admin/v1/portal/branding", Y, Y, Y, Y),
            new Rule("PUT", "/admin/v1/portal/branding", Y, N, N, N),
            new Rule("GET", "/admin/v1/portal/branding/logo", Y, Y, Y, Y),
            new Rule("PUT", "/admin/v1/portal/branding/logo", Y, N, N, N),
            new Rule("DELETE", "/admin/v1/portal/branding/logo", Y, N, N, N));

    static final List<String> ROLES = List.of("platform-admin", "api-owner", "billing-viewer", "auditor");
    static final String OWNER_SUBJECT = "owner-subject-1";
    /** The start of a PNG: enough for the logo routes, which read the type from the first bytes. */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    @Test
    void every_admin_endpoint_of_the_running_app_has_an_explicit_rule() {
        JsonPath openapi = given().accept(ContentType.JSON).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        Set<String> served = new TreeSet<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith("/admin/")) {
                operations.keySet().stream()
                        .filter(m -> Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(m))
                        .forEach(m -> served.add(m.toUpperCase() + " " + path));
            }
        });
        Set<String> ruled = new TreeSet<>();
        MATRIX.forEach(r -> ruled.add(r.route()));
        Set<String> withoutRule = new TreeSet<>(served);
        withoutRule.removeAll(ruled);
        Set<String> ruleWithoutEndpoint = new TreeSet<>(ruled);
        ruleWithoutEndpoint.removeAll(served);
        assertTrue(withoutRule.isEmpty(), "admin endpoints without a rule in the role matrix: " + withoutRule);
        assertTrue(ruleWithoutEndpoint.isEmpty(), "rules for endpoints the app does not serve: " + ruleWithoutEndpoint);
        assertEquals(MATRIX.size(), ruled.size(), "each route has one rule");
    }

    @Test
    void every_role_gets_exactly_what_the_matrix_says_on_every_admin_route() {
        Fixture f = Fixture.make();
        List<String> mismatches = new ArrayList<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("platform-admin", OidcWiremockTestResource.generateJwtToken("pat", Set.of("platform-admin"), "admin-subject-1", "Bearer"));
        tokens.put("api-owner", OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), OWNER_SUBJECT, "Bearer"));
        tokens.put("billing-viewer", OidcWiremockTestResource.generateJwtToken("bill", Set.of("billing-viewer"), "billing-subject-1", "Bearer"));
        tokens.put("auditor", OidcWiremockTestResource.generateJwtToken("aude", Set.of("auditor"), "auditor-subject-1", "Bearer"));
        for (Rule rule : MATRIX) {
            for (String role : ROLES) {
                Access access = rule.of(role);
                String token = tokens.get(role);
                if (access == Access.OWN) {
                    check(mismatches, rule, role + " on own", token, f, true, true);
                    check(mismatches, rule, role + " on another's", token, f, false, false);
                } else {
                    check(mismatches, rule, role, token, f, true, access == Access.YES);
                }
            }
            // The bootstrap admin token keeps platform-admin.
            check(mismatches, rule, "bootstrap admin token", AdminApi.ADMIN_TOKEN, f, false, true);
        }
        assertTrue(mismatches.isEmpty(), "role matrix violated:\n" + String.join("\n", mismatches));
    }

    @Test
    void a_token_without_an_admin_role_is_refused_on_every_admin_route() {
        Fixture f = Fixture.make();
        String token = OidcWiremockTestResource.generateJwtToken("mallory", Set.of("user"), "nobody-1", "Bearer");
        List<String> mismatches = new ArrayList<>();
        for (Rule rule : MATRIX) {
            check(mismatches, rule, "no admin role", token, f, true, false);
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void no_admin_route_answers_without_credentials() {
        Fixture f = Fixture.make();
        for (Rule rule : MATRIX) {
            Response r = f.call(rule, given().contentType(ContentType.JSON), true);
            assertEquals(401, r.statusCode(), rule.route());
        }
    }

    private static void check(List<String> mismatches, Rule rule, String who, String token, Fixture f, boolean own,
                              boolean allowed) {
        Response r = f.call(rule, given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token), own);
        int status = r.statusCode();
        boolean ok = allowed ? status >= 200 && status < 300 : status == 403;
        if (!ok) {
            mismatches.add(rule.route() + " as " + who + ": expected " + (allowed ? "2xx" : "403") + ", got " + status
                    + " " + r.asString());
        }
    }

    /** Everything the routes need, made with the bootstrap admin token: an API owned by the api-owner and one that is not. */
    record Fixture(String ownApi, String foreignApi, String ownPlan, String foreignPlan, String importedApi,
                   String org, String app, String subscription, String key, String keyPrefix) {

        static Fixture make() {
            String ownApi = create("/admin/v1/apis", Map.of("name", unique("Owned"), "routePath", "/" + unique("own"),
                    "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published", "ownerSubject", OWNER_SUBJECT));
            String foreignApi = create("/admin/v1/apis", Map.of("name", unique("Foreign"), "routePath", "/" + unique("for"),
                    "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published", "ownerSubject", "someone-else"));
            String ownPlan = create("/admin/v1/plans", Map.of("apiId", ownApi, "name", "Own"));
            String foreignPlan = create("/admin/v1/plans", Map.of("apiId", foreignApi, "name", "Foreign"));
            String imported = AdminApi.admin().queryParam("routePath", "/" + unique("imp"))
                    .body(openapi(unique("Imported"))).post("/admin/v1/apis/import").then().statusCode(201)
                    .extract().path("id");
            String org = create("/admin/v1/organizations", Map.of("name", unique("Matrix")));
            String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", unique("App")));
            String sub = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", ownPlan));
            var issued = AdminApi.admin().body(Map.of("name", "k")).post("/admin/v1/applications/" + app + "/keys")
                    .then().statusCode(201).extract();
            return new Fixture(ownApi, foreignApi, ownPlan, foreignPlan, imported, org, app, sub,
                    issued.path("details.id"), issued.path("details.prefix"));
        }

        static String openapi(String title) {
            return "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"" + title + "\",\"version\":\"1.0\"},"
                    + "\"servers\":[{\"url\":\"http://127.0.0.1:9/v1\"}],\"paths\":{}}";
        }

        /** A guide made on the API with the bootstrap admin token; its slug. */
        static String guide(String api, String base) {
            String slug = base.toLowerCase();
            AdminApi.admin().body(Map.of("title", "Guide", "markdown", "text"))
                    .put("/admin/v1/apis/" + api + "/guides/" + slug).then().statusCode(201);
            return slug;
        }

        /** A new subscription of a new application of the organization to the own plan; its id. */
        String freshSubscription() {
            String fresh = create("/admin/v1/applications", Map.of("organizationId", org, "name", unique("Changing")));
            return create("/admin/v1/subscriptions", Map.of("applicationId", fresh, "planId", ownPlan));
        }

        /** Another plan of the own API, to change to. */
        String otherPlan() {
            return create("/admin/v1/plans", Map.of("apiId", ownApi, "name", unique("Other")));
        }

        /**
         * A fresh subscription with a plan change waiting for approval; its id. Only a partner's request waits (an
         * admin's change applies at once), so the request is made through the service as the partner API makes it.
         */
        String waitingPlanChange() {
            String sub = freshSubscription();
            io.quarkus.arc.Arc.container().instance(io.gatehouse.management.subscriptions.SubscriptionService.class).get()
                    .changePlan(java.util.UUID.fromString(sub), java.util.UUID.fromString(otherPlan()), true);
            return sub;
        }

        /** The product of a plan. */
        static String productOf(String plan) {
            return AdminApi.admin().get("/admin/v1/plans/" + plan).then().statusCode(200).extract().path("productId");
        }

        /** A new product without plans granting the API, made with the bootstrap admin token; its id. */
        static String productGranting(String api) {
            String product = create("/admin/v1/products", Map.of("name", unique("Granting")));
            AdminApi.admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + api).then().statusCode(200);
            return product;
        }

        /** A route added to the API with the bootstrap admin token; its id. */
        static String addedRoute(String api) {
            List<String> ids = AdminApi.admin().body(Map.of("pathPrefix", "/" + unique("added")))
                    .post("/admin/v1/apis/" + api + "/routes").then().statusCode(201).extract().path("routes.id");
            return ids.get(ids.size() - 1);
        }

        /** Sends the route's request; {@code own} picks the caller's own API (or plan) where that matters. */
        Response call(Rule rule, RequestSpecification req, boolean own) {
            String api = own ? ownApi : foreignApi;
            String plan = own ? ownPlan : foreignPlan;
            return switch (rule.route()) {
                case "GET /admin/v1/apis" -> req.get("/admin/v1/apis");
                case "POST /admin/v1/apis" -> req.body(Map.of("name", unique("New"), "routePath", "/" + unique("n"),
                        "upstreamUrl", "http://127.0.0.1:9")).post("/admin/v1/apis");
                case "POST /admin/v1/apis/import" -> req.queryParam("routePath", "/" + unique("i"))
                        .body(openapi(unique("Import"))).post("/admin/v1/apis/import");
                case "GET /admin/v1/apis/{id}" -> req.get("/admin/v1/apis/" + api);
                case "PATCH /admin/v1/apis/{id}" -> req.body(Map.of("description", unique("d"))).patch("/admin/v1/apis/" + api);
                case "GET /admin/v1/apis/{id}/openapi" -> req.get("/admin/v1/apis/" + importedApi + "/openapi");
                case "PUT /admin/v1/apis/{id}/openapi" -> req.body(openapi(unique("Attached")))
                        .put("/admin/v1/apis/" + api + "/openapi");
                case "PUT /admin/v1/apis/{id}/targets" -> req.body(Map.of("targets", List.of(Map.of("url", "http://127.0.0.1:9"))))
                        .put("/admin/v1/apis/" + api + "/targets");
                case "PUT /admin/v1/apis/{id}/options" -> req.body(Map.of("circuitBreaker", Map.of("failureThreshold", 3)))
                        .put("/admin/v1/apis/" + api + "/options");
                case "PUT /admin/v1/apis/{id}/routes/{routeId}/options" -> req.body(Map.of("maxRetries", 0))
                        .put("/admin/v1/apis/" + api + "/routes/" + AdminApi.admin().get("/admin/v1/apis/" + api)
                                .then().statusCode(200).extract().path("routes[0].id") + "/options");
                case "POST /admin/v1/apis/{id}/routes" -> req.body(Map.of("pathPrefix", "/" + unique("rt")))
                        .post("/admin/v1/apis/" + api + "/routes");
                case "PUT /admin/v1/apis/{id}/routes/{routeId}" -> req.body(Map.of("pathPrefix", "/" + unique("rt")))
                        .put("/admin/v1/apis/" + api + "/routes/" + addedRoute(api));
                case "DELETE /admin/v1/apis/{id}/routes/{routeId}" -> req.delete("/admin/v1/apis/" + api + "/routes/"
                        + addedRoute(api));
                case "PUT /admin/v1/apis/{id}/routes/order" -> req.body(Map.of("routeIds", AdminApi.admin()
                                .get("/admin/v1/apis/" + api).then().statusCode(200).extract().path("routes.id")))
                        .put("/admin/v1/apis/" + api + "/routes/order");
                case "GET /admin/v1/apis/{id}/guides" -> req.get("/admin/v1/apis/" + api + "/guides");
                case "GET /admin/v1/apis/{id}/guides/{slug}" -> req.get("/admin/v1/apis/" + api + "/guides/"
                        + guide(api, unique("read")));
                case "PUT /admin/v1/apis/{id}/guides/{slug}" -> req.body(Map.of("title", "Start", "markdown", "# Hi"))
                        .put("/admin/v1/apis/" + api + "/guides/" + unique("put").toLowerCase());
                case "DELETE /admin/v1/apis/{id}/guides/{slug}" -> req.delete("/admin/v1/apis/" + api + "/guides/"
                        + guide(api, unique("gone")));
                case "POST /admin/v1/apis/{id}/cache/purge" -> req.body(Map.of()).post("/admin/v1/apis/" + api + "/cache/purge");
                case "GET /admin/v1/plans" -> req.get("/admin/v1/plans");
                case "POST /admin/v1/plans" -> req.body(Map.of("apiId", api, "name", unique("P"))).post("/admin/v1/plans");
                case "GET /admin/v1/plans/{id}" -> req.get("/admin/v1/plans/" + plan);
                case "PATCH /admin/v1/plans/{id}" -> req.body(Map.of("description", unique("d"))).patch("/admin/v1/plans/" + plan);
                case "GET /admin/v1/products" -> req.get("/admin/v1/products");
                case "POST /admin/v1/products" -> req.body(Map.of("name", unique("Product"))).post("/admin/v1/products");
                case "GET /admin/v1/products/{id}" -> req.get("/admin/v1/products/" + productOf(plan));
                case "PATCH /admin/v1/products/{id}" -> req.body(Map.of("description", unique("d")))
                        .patch("/admin/v1/products/" + productOf(plan));
                case "DELETE /admin/v1/products/{id}" -> req.delete("/admin/v1/products/" + productGranting(api));
                case "PUT /admin/v1/products/{id}/apis/{apiId}" -> req.body(Map.of("methods", List.of("GET")))
                        .put("/admin/v1/products/" + create("/admin/v1/products", Map.of("name", unique("Empty")))
                                + "/apis/" + api);
                case "DELETE /admin/v1/products/{id}/apis/{apiId}" ->
                        req.delete("/admin/v1/products/" + productGranting(api) + "/apis/" + api);
                case "POST /admin/v1/products/{id}/plans" -> req.body(Map.of("name", unique("P")))
                        .post("/admin/v1/products/" + productOf(plan) + "/plans");
                case "GET /admin/v1/organizations" -> req.get("/admin/v1/organizations");
                case "POST /admin/v1/organizations" -> req.body(Map.of("name", unique("Org"))).post("/admin/v1/organizations");
                case "GET /admin/v1/organizations/{id}" -> req.get("/admin/v1/organizations/" + org);
                case "GET /admin/v1/organizations/{id}/members" -> req.get("/admin/v1/organizations/" + org + "/members");
                case "PATCH /admin/v1/organizations/{id}" -> req.body(Map.of("name", unique("Org"))).patch("/admin/v1/organizations/" + org);
                case "GET /admin/v1/applications" -> req.get("/admin/v1/applications");
                case "POST /admin/v1/applications" -> req.body(Map.of("organizationId", org, "name", unique("A")))
                        .post("/admin/v1/applications");
                case "GET /admin/v1/applications/{id}" -> req.get("/admin/v1/applications/" + app);
                case "PATCH /admin/v1/applications/{id}" -> req.body(Map.of("description", unique("d")))
                        .patch("/admin/v1/applications/" + app);
                case "GET /admin/v1/subscriptions" -> req.get("/admin/v1/subscriptions");
                case "POST /admin/v1/subscriptions" -> req.body(Map.of("applicationId",
                        create("/admin/v1/applications", Map.of("organizationId", org, "name", unique("S"))),
                        "planId", ownPlan)).post("/admin/v1/subscriptions");
                case "GET /admin/v1/subscriptions/{id}" -> req.get("/admin/v1/subscriptions/" + subscription);
                case "PATCH /admin/v1/subscriptions/{id}" -> req.body(Map.of("status", "active"))
                        .patch("/admin/v1/subscriptions/" + subscription);
                case "POST /admin/v1/subscriptions/{id}/plan-change" -> req.body(Map.of("planId", otherPlan()))
                        .post("/admin/v1/subscriptions/" + freshSubscription() + "/plan-change");
                case "POST /admin/v1/subscriptions/{id}/plan-change/approve" ->
                        req.post("/admin/v1/subscriptions/" + waitingPlanChange() + "/plan-change/approve");
                case "POST /admin/v1/subscriptions/{id}/plan-change/reject" ->
                        req.post("/admin/v1/subscriptions/" + waitingPlanChange() + "/plan-change/reject");
                case "GET /admin/v1/applications/{applicationId}/keys" -> req.get("/admin/v1/applications/" + app + "/keys");
                case "POST /admin/v1/applications/{applicationId}/keys" -> req.body(Map.of("name", "k"))
                        .post("/admin/v1/applications/" + app + "/keys");
                case "GET /admin/v1/keys" -> req.queryParam("prefix", keyPrefix).get("/admin/v1/keys");
                case "GET /admin/v1/keys/{keyId}" -> req.get("/admin/v1/keys/" + key);
                case "POST /admin/v1/keys/{keyId}/revoke" -> req.body(Map.of("reason", "matrix"))
                        .post("/admin/v1/keys/" + AdminApi.admin().body(Map.of("name", "r"))
                                .post("/admin/v1/applications/" + app + "/keys").then().statusCode(201)
                                .extract().path("details.id") + "/revoke");
                case "GET /admin/v1/audit" -> req.get("/admin/v1/audit");
                case "GET /admin/v1/audit/export" -> req.get("/admin/v1/audit/export");
                case "GET /admin/v1/gateways" -> req.get("/admin/v1/gateways");
                case "DELETE /admin/v1/gateways/departed" -> req.delete("/admin/v1/gateways/departed");
                case "DELETE /admin/v1/gateways/{nodeId}" -> {
                    String node = "gw-matrix-" + UUID.randomUUID();
                    io.quarkus.arc.Arc.container().instance(io.quarkus.redis.datasource.RedisDataSource.class).get()
                            .hash(String.class).hset(ConfigProvider.getConfig()
                                    .getValue("gatehouse.redis-namespace", String.class) + ":gateway:nodes", node,
                                    "{\"nodeId\":\"" + node + "\",\"version\":1,\"lastSeen\":\"2026-01-01T00:00:00Z\"}");
                    yield req.delete("/admin/v1/gateways/" + node);
                }
                // Billing is played by BillingStandIn (see BillingThroughManagementTest), which answers billing's documented JSON.
                case "GET /admin/v1/analytics/timeseries" -> req.get("/admin/v1/analytics/timeseries?granularity=day&apiId=" + api);
                case "GET /admin/v1/analytics/top-applications" -> req.get("/admin/v1/analytics/top-applications?apiId=" + api);
                case "GET /admin/v1/billing/invoices" -> req.get("/admin/v1/billing/invoices?period=2026-10");
                case "GET /admin/v1/billing/invoices/{id}" -> req.get("/admin/v1/billing/invoices/" + BillingThroughManagementTest.anInvoice());
                case "GET /admin/v1/billing/reports/usage" -> req.get("/admin/v1/billing/reports/usage?period=2026-10");
                case "GET /admin/v1/billing/reports/invoices" -> req.get("/admin/v1/billing/reports/invoices?period=2026-10");
                case "GET /admin/v1/billing/metering-gaps" -> {
                    io.gatehouse.testing.BillingStandIn.current().answer("/billing/v1/metering-gaps",
                            r -> io.gatehouse.testing.BillingStandIn.Answer.json("{\"grace\":\"PT1M\",\"items\":[]}"));
                    yield req.get("/admin/v1/billing/metering-gaps");
                }
                case "GET /admin/v1/portal/branding" -> req.get("/admin/v1/portal/branding");
                case "PUT /admin/v1/portal/branding" -> req.body(Map.of()).put("/admin/v1/portal/branding");
                case "GET /admin/v1/portal/branding/logo" -> {
                    AdminApi.admin().contentType("image/png").body(PNG).put("/admin/v1/portal/branding/logo")
                            .then().statusCode(200);
                    yield req.get("/admin/v1/portal/branding/logo");
                }
                case "PUT /admin/v1/portal/branding/logo" -> req.contentType("image/png").body(PNG)
                        .put("/admin/v1/portal/branding/logo");
                case "DELETE /admin/v1/portal/branding/logo" -> req.delete("/admin/v1/portal/branding/logo");
                default -> throw new AssertionError("no request for " + rule.route() + ": add one with its rule");
            };
        }
    }
}
