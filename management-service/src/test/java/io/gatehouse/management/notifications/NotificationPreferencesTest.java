package io.gatehouse.management.notifications;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** {@code GET/PUT /developer/v1/account/notifications}: each partner's own switches, every topic on until turned off. */
@QuarkusTest
class NotificationPreferencesTest {

    @Inject
    MockMailbox mailbox;

    @Test
    void every_topic_is_on_until_the_partner_turns_it_off_and_the_choice_is_kept() {
        String session = readyPartner(mailbox, uniqueEmail("chooser"));
        as(session).get("/developer/v1/account/notifications").then().statusCode(200)
                .body("subscriptions", equalTo(true)).body("keyExpiry", equalTo(true))
                .body("quota", equalTo(true)).body("invoices", equalTo(true));

        as(session).body(Map.of("subscriptions", true, "keyExpiry", false, "quota", false, "invoices", true))
                .put("/developer/v1/account/notifications").then().statusCode(200)
                .body("keyExpiry", equalTo(false)).body("quota", equalTo(false)).body("invoices", equalTo(true));
        as(session).get("/developer/v1/account/notifications").then().statusCode(200)
                .body("subscriptions", equalTo(true)).body("keyExpiry", equalTo(false))
                .body("quota", equalTo(false)).body("invoices", equalTo(true));

        String other = readyPartner(mailbox, uniqueEmail("neighbour"));
        as(other).get("/developer/v1/account/notifications").then().statusCode(200).body("quota", equalTo(true));
    }

    @Test
    void a_choice_missing_a_topic_is_a_validation_problem_naming_it_and_changes_nothing() {
        String session = readyPartner(mailbox, uniqueEmail("partial"));
        as(session).body(Map.of("subscriptions", false, "keyExpiry", true, "quota", true))
                .put("/developer/v1/account/notifications").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("invoices"));
        as(session).get("/developer/v1/account/notifications").then().body("subscriptions", equalTo(true));
        as(session).body("{\"subscriptions\": \"no\", \"keyExpiry\": true, \"quota\": true, \"invoices\": true}")
                .put("/developer/v1/account/notifications").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void without_a_developer_session_it_is_401_and_an_admin_token_is_refused() {
        given().get("/developer/v1/account/notifications").then().statusCode(401);
        admin().get("/developer/v1/account/notifications").then().statusCode(403);
        admin().body(Map.of("subscriptions", false, "keyExpiry", true, "quota", true, "invoices", true))
                .put("/developer/v1/account/notifications").then().statusCode(403);
    }
}
