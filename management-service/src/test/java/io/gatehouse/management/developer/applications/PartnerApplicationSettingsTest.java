package io.gatehouse.management.developer.applications;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.anonymous;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.gateway;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.tokenFromLastMail;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partners edit their applications' name, description and OAuth client id (PATCH /developer/v1/applications/{id}). */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PartnerApplicationSettingsTest {

    private static final String CONFLICT = "urn:gatehouse:problem:conflict";

    @Inject
    MockMailbox mailbox;

    @Test
    void a_partner_renames_an_own_application_and_sets_then_clears_its_client_id_which_reaches_the_snapshot() {
        String session = readyPartner(mailbox, uniqueEmail("settings"));
        String app = newApplication(session, "Checkout");
        String clientId = "checkout-web-" + Long.toString(System.nanoTime(), 36);

        long v0 = configVersion();
        as(session).body(Map.of("name", "Checkout web", "oauthClientId", clientId))
                .patch("/developer/v1/applications/" + app).then().statusCode(200)
                .body("name", equalTo("Checkout web")).body("oauthClientId", equalTo(clientId));
        assertTrue(configVersion() > v0, "gateways learn the new client id");
        assertEquals(clientId, snapshotApplication(app).get("oauthClientId"));
        as(session).get("/developer/v1/applications/" + app).then().statusCode(200)
                .body("application.name", equalTo("Checkout web"))
                .body("application.oauthClientId", equalTo(clientId))
                .body("application.description", equalTo(""));
        admin().get("/admin/v1/applications/" + app).then().statusCode(200).body("oauthClientId", equalTo(clientId));

        long v1 = configVersion();
        as(session).body(Map.of("description", "The web shop")).patch("/developer/v1/applications/" + app)
                .then().statusCode(200).body("description", equalTo("The web shop"))
                .body("oauthClientId", equalTo(clientId)).body("name", equalTo("Checkout web"));
        assertEquals(v1, configVersion(), "a description is nothing the gateways care about");

        as(session).body(Map.of("oauthClientId", "")).patch("/developer/v1/applications/" + app)
                .then().statusCode(200).body("oauthClientId", nullValue());
        assertTrue(configVersion() > v1, "gateways forget the client id");
        Map<String, Object> entry = snapshotApplication(app);
        assertEquals("Checkout web", entry.get("name"));
        assertFalse(entry.containsKey("oauthClientId"), "no client id in the snapshot: " + entry);
    }

    @Test
    void the_edit_is_audited_with_the_partner_as_actor() {
        String session = readyPartner(mailbox, uniqueEmail("audited"));
        String userId = as(session).get("/developer/v1/me").then().statusCode(200).extract().path("user.id");
        String app = newApplication(session, "Audited");
        String clientId = "audited-" + Long.toString(System.nanoTime(), 36);

        as(session).body(Map.of("oauthClientId", clientId)).patch("/developer/v1/applications/" + app)
                .then().statusCode(200);

        List<Map<String, Object>> items = admin().queryParam("entityType", "application").queryParam("entityId", app)
                .get("/admin/v1/audit").then().statusCode(200).extract().jsonPath().getList("items");
        Map<String, Object> updated = items.get(0);
        assertEquals("application.updated", updated.get("action"));
        assertEquals("partner", updated.get("actorType"));
        assertEquals(userId, updated.get("actorId"));
        assertNull(((Map<?, ?>) updated.get("before")).get("oauthClientId"));
        assertEquals(clientId, ((Map<?, ?>) updated.get("after")).get("oauthClientId"));
    }

    @Test
    void a_client_id_another_application_has_is_refused_with_409_and_nothing_changes() {
        String clientId = "taken-" + Long.toString(System.nanoTime(), 36);
        String other = readyPartner(mailbox, uniqueEmail("first"));
        String otherApp = newApplication(other, "First");
        as(other).body(Map.of("oauthClientId", clientId)).patch("/developer/v1/applications/" + otherApp)
                .then().statusCode(200);

        String session = readyPartner(mailbox, uniqueEmail("second"));
        String app = newApplication(session, "Second");
        long v0 = configVersion();
        as(session).body(Map.of("name", "Renamed", "oauthClientId", clientId)).patch("/developer/v1/applications/" + app)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(CONFLICT)).body("errors.field", equalTo(List.of("oauthClientId")));
        // The admin API answers the same clash with the same type.
        admin().body(Map.of("oauthClientId", clientId)).patch("/admin/v1/applications/" + app)
                .then().statusCode(409).body("type", equalTo(CONFLICT));

        assertEquals(v0, configVersion());
        as(session).get("/developer/v1/applications/" + app).then().statusCode(200)
                .body("application.name", equalTo("Second")).body("application.oauthClientId", nullValue());
        as(other).get("/developer/v1/applications/" + otherApp).then().statusCode(200)
                .body("application.oauthClientId", equalTo(clientId));
    }

    @Test
    void a_name_another_application_of_the_organization_has_is_refused_with_409_not_a_server_error() {
        String session = readyPartner(mailbox, uniqueEmail("names"));
        newApplication(session, "Mobile");
        String app = newApplication(session, "Web");
        as(session).body(Map.of("name", " Mobile ")).patch("/developer/v1/applications/" + app)
                .then().statusCode(409).body("type", equalTo(CONFLICT)).body("errors.field", equalTo(List.of("name")));
        as(session).body(Map.of("name", "   ")).patch("/developer/v1/applications/" + app)
                .then().statusCode(400).body("errors.field", equalTo(List.of("name")));
        as(session).body(Map.of("oauthClientId", "has space")).patch("/developer/v1/applications/" + app)
                .then().statusCode(400).body("errors.field", equalTo(List.of("oauthClientId")));
        as(session).get("/developer/v1/applications/" + app).then().body("application.name", equalTo("Web"));
    }

    @Test
    void a_developer_member_edits_like_the_owner() {
        String ownerEmail = uniqueEmail("owner");
        String owner = readyPartner(mailbox, ownerEmail);
        String app = newApplication(owner, "Shared");
        String mate = uniqueEmail("mate");
        as(owner).body(Map.of("email", mate, "role", "developer")).post("/developer/v1/organization/invitations")
                .then().statusCode(201);
        Response accepted = anonymous().body(Map.of("token", tokenFromLastMail(mailbox, mate), "name", "Grace Hopper",
                "password", "teammate password")).post("/developer/v1/invitations/accept");
        accepted.then().statusCode(201);
        String developer = accepted.path("token");
        as(developer).get("/developer/v1/me").then().body("user.role", equalTo("developer"));

        String clientId = "shared-" + Long.toString(System.nanoTime(), 36);
        as(developer).body(Map.of("oauthClientId", clientId)).patch("/developer/v1/applications/" + app)
                .then().statusCode(200).body("oauthClientId", equalTo(clientId));
        as(owner).get("/developer/v1/applications/" + app).then().body("application.oauthClientId", equalTo(clientId));
        admin().queryParam("entityType", "application").queryParam("entityId", app).get("/admin/v1/audit")
                .then().statusCode(200).body("items[0].actorType", equalTo("partner"))
                .body("items.action", hasItem("application.updated"));
    }

    private static String newApplication(String session, String name) {
        return as(session).body(Map.of("name", name)).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
    }

    private static long configVersion() {
        return gateway().get("/internal/v1/gateway/version").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private static Map<String, Object> snapshotApplication(String app) {
        String json = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().asString();
        Map<String, Object> entry = JsonPath.from(json).getMap("applications.find { it.id == '" + app + "' }");
        if (entry == null) {
            throw new AssertionError("application " + app + " is not in the snapshot");
        }
        return entry;
    }
}
