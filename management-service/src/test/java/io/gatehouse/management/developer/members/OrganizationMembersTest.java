package io.gatehouse.management.developer.members;

import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.PASSWORD;
import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.anonymous;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.from;
import static io.gatehouse.management.developer.DeveloperApi.randomIp;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.tokenFromLastMail;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OrganizationMembersTest {

    private static final String INVALID_INVITATION = "urn:gatehouse:problem:invalid-invitation";

    @Inject
    MockMailbox mailbox;

    @Test
    void an_owner_invites_a_teammate_who_joins_verified_and_logged_in_as_a_developer() {
        String ownerEmail = uniqueEmail("owner");
        String owner = readyPartner(mailbox, ownerEmail);
        String orgId = as(owner).get("/developer/v1/me").then().extract().path("organization.id");
        String app = as(owner).body(Map.of("name", "Shared app")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");

        String mate = uniqueEmail("mate");
        Response invited = as(owner).body(Map.of("email", mate, "role", "developer")).post("/developer/v1/organization/invitations");
        invited.then().statusCode(201).body("email", equalTo(mate)).body("role", equalTo("developer"))
                .body("invitedBy", equalTo("Ada Lovelace")).body("expired", equalTo(false));
        assertFalse(invited.asString().contains("gdt_"), "the token is only in the mail");
        Instant expires = Instant.parse(invited.path("expiresAt"));
        Duration ttl = Duration.between(Instant.now(), expires);
        assertTrue(ttl.compareTo(Duration.ofDays(6)) > 0 && ttl.compareTo(Duration.ofDays(8)) < 0, "ttl " + ttl);

        List<Mail> mails = mailbox.getMailsSentTo(mate);
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).getText().contains("http://localhost:8082/invitations/accept?token=gdt_"), mails.get(0).getText());
        assertTrue(mails.get(0).getSubject().contains("Analytical " + ownerEmail), mails.get(0).getSubject());
        String token = tokenFromLastMail(mailbox, mate);

        as(owner).get("/developer/v1/organization/invitations").then().statusCode(200)
                .body("email", equalTo(List.of(mate)));
        anonymous().body(Map.of("token", token)).post("/developer/v1/invitations/preview").then().statusCode(200)
                .body("email", equalTo(mate)).body("organizationName", equalTo("Analytical " + ownerEmail))
                .body("role", equalTo("developer"));

        // The portal's password rule holds here too, and a refusal leaves the invitation usable.
        anonymous().body(Map.of("token", token, "name", "Grace Hopper", "password", "gracehopper1"))
                .post("/developer/v1/invitations/accept").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("too easy to guess"));
        Response accepted = anonymous().body(Map.of("token", token, "name", "Grace Hopper", "password", "teammate password"))
                .post("/developer/v1/invitations/accept");
        accepted.then().statusCode(201).header("Cache-Control", "no-store").body("expiresAt", notNullValue());
        String session = accepted.path("token");
        assertTrue(session.startsWith("gds_"));

        as(session).get("/developer/v1/me").then().statusCode(200)
                .body("user.email", equalTo(mate)).body("user.name", equalTo("Grace Hopper"))
                .body("user.emailVerified", equalTo(true)).body("user.role", equalTo("developer"))
                .body("organization.id", equalTo(orgId));
        as(session).get("/developer/v1/applications").then().statusCode(200).body("id", equalTo(List.of(app)));
        as(session).get("/developer/v1/organization/members").then().statusCode(200)
                .body("email", equalTo(List.of(ownerEmail, mate))).body("role", equalTo(List.of("owner", "developer")))
                .body("[1].joined", notNullValue()).body("[1].name", equalTo("Grace Hopper"));
        anonymous().body(Map.of("email", mate, "password", "teammate password")).post("/developer/v1/sessions")
                .then().statusCode(201);
        as(owner).get("/developer/v1/organization/invitations").then().statusCode(200).body("$", hasSize(0));

        String invitationId = invited.path("id");
        admin().queryParam("entityType", "invitation").queryParam("entityId", invitationId).get("/admin/v1/audit")
                .then().statusCode(200).body("items.action", hasItems("invitation.created", "invitation.accepted"))
                .body("items.actorType", hasItem("partner"));
    }

    @Test
    void an_invitation_works_once() {
        String owner = readyPartner(mailbox, uniqueEmail("once"));
        String mate = uniqueEmail("mate-once");
        invite(owner, mate, "developer");
        String token = tokenFromLastMail(mailbox, mate);
        accept(token, "First").then().statusCode(201);
        accept(token, "Second").then().statusCode(400).body("type", equalTo(INVALID_INVITATION))
                .body("detail", containsString("already been accepted"));
        anonymous().body(Map.of("token", token)).post("/developer/v1/invitations/preview").then().statusCode(400)
                .body("type", equalTo(INVALID_INVITATION));
        accept("gdt_made-up-token", "Nobody").then().statusCode(400).body("type", equalTo(INVALID_INVITATION));
    }

    @Test
    void an_expired_invitation_is_refused_with_a_clear_problem() throws Exception {
        String owner = readyPartner(mailbox, uniqueEmail("expiry"));
        String mate = uniqueEmail("mate-late");
        String id = invite(owner, mate, "developer").path("id");
        String token = tokenFromLastMail(mailbox, mate);
        sql("UPDATE organization_invitations SET expires_at = now() - interval '1 minute' WHERE id = '" + id + "'");

        accept(token, "Late").then().statusCode(400).body("type", equalTo(INVALID_INVITATION))
                .body("detail", containsString("expired"));
        as(owner).get("/developer/v1/organization/invitations").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.expired", equalTo(true));
        // Inviting again replaces the expired one with a working link.
        invite(owner, mate, "developer");
        accept(tokenFromLastMail(mailbox, mate), "On time").then().statusCode(201);
    }

    @Test
    void re_inviting_replaces_the_old_link_and_a_revoked_invitation_stops_working() {
        String owner = readyPartner(mailbox, uniqueEmail("reinvite"));
        String mate = uniqueEmail("mate-again");
        invite(owner, mate, "developer");
        String first = tokenFromLastMail(mailbox, mate);
        String secondId = invite(owner, mate.toUpperCase(java.util.Locale.ROOT), "owner").path("id");
        String second = tokenFromLastMail(mailbox, mate.toUpperCase(java.util.Locale.ROOT));
        as(owner).get("/developer/v1/organization/invitations").then().statusCode(200)
                .body("id", equalTo(List.of(secondId))).body("[0].role", equalTo("owner"));
        accept(first, "Old link").then().statusCode(400).body("type", equalTo(INVALID_INVITATION))
                .body("detail", containsString("replaced"));

        as(owner).delete("/developer/v1/organization/invitations/" + secondId).then().statusCode(204);
        accept(second, "Revoked link").then().statusCode(400).body("type", equalTo(INVALID_INVITATION));
        as(owner).get("/developer/v1/organization/invitations").then().body("$", hasSize(0));
        as(owner).delete("/developer/v1/organization/invitations/" + secondId).then().statusCode(404);
        admin().queryParam("entityType", "invitation").queryParam("entityId", secondId).get("/admin/v1/audit")
                .then().statusCode(200).body("items.action", hasItem("invitation.revoked"));
    }

    @Test
    void inviting_a_current_member_is_a_conflict() {
        String ownerEmail = uniqueEmail("conflict");
        String owner = readyPartner(mailbox, ownerEmail);
        as(owner).body(Map.of("email", ownerEmail, "role", "developer")).post("/developer/v1/organization/invitations")
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:already-a-member"));
        as(owner).body(Map.of("email", "not an email", "role", "developer")).post("/developer/v1/organization/invitations")
                .then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:validation-failed"));
        as(owner).body(Map.of("email", uniqueEmail("x"), "role", "admin")).post("/developer/v1/organization/invitations")
                .then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:validation-failed"));
    }

    @Test
    void an_email_with_an_account_in_another_organization_cannot_accept() {
        String owner = readyPartner(mailbox, uniqueEmail("inviter"));
        String elsewhere = uniqueEmail("elsewhere");
        readyPartner(mailbox, elsewhere);
        invite(owner, elsewhere, "developer");
        accept(tokenFromLastMail(mailbox, elsewhere), "Taken").then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:account-exists"))
                .body("detail", containsString("belongs to exactly one organization"));
    }

    @Test
    void developers_read_the_members_but_get_403_on_every_owner_route() {
        Team team = team("dev403");
        as(team.developer).get("/developer/v1/organization/members").then().statusCode(200).body("$", hasSize(2));
        List<Response> refused = List.of(
                as(team.developer).get("/developer/v1/organization/invitations"),
                as(team.developer).body(Map.of("email", uniqueEmail("x"), "role", "developer")).post("/developer/v1/organization/invitations"),
                as(team.developer).delete("/developer/v1/organization/invitations/" + java.util.UUID.randomUUID()),
                as(team.developer).body(Map.of("role", "owner")).put("/developer/v1/organization/members/" + team.developerId),
                as(team.developer).body(Map.of("role", "developer")).put("/developer/v1/organization/members/" + team.ownerId),
                as(team.developer).delete("/developer/v1/organization/members/" + team.ownerId));
        for (Response r : refused) {
            r.then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:forbidden"));
        }
        as(team.owner).get("/developer/v1/organization/members").then().body("role", equalTo(List.of("owner", "developer")));
        io.restassured.RestAssured.given().get("/developer/v1/organization/members").then().statusCode(401);
    }

    @Test
    void the_last_owner_can_neither_leave_nor_be_demoted() {
        Team team = team("last");
        as(team.owner).body(Map.of("role", "developer")).put("/developer/v1/organization/members/" + team.ownerId)
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:last-owner"));
        as(team.owner).delete("/developer/v1/organization/members/" + team.ownerId)
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:last-owner"));

        as(team.owner).body(Map.of("role", "owner")).put("/developer/v1/organization/members/" + team.developerId)
                .then().statusCode(200).body("role", equalTo("owner"));
        as(team.developer).get("/developer/v1/me").then().body("user.role", equalTo("owner"));
        // With two owners, the first may step down; the other is then the last and stays.
        as(team.owner).body(Map.of("role", "developer")).put("/developer/v1/organization/members/" + team.ownerId)
                .then().statusCode(200).body("role", equalTo("developer"));
        as(team.developer).body(Map.of("role", "developer")).put("/developer/v1/organization/members/" + team.developerId)
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:last-owner"));
        as(team.owner).body(Map.of("role", "owner")).put("/developer/v1/organization/members/" + team.ownerId)
                .then().statusCode(403);
        admin().queryParam("entityType", "user").queryParam("entityId", team.ownerId).get("/admin/v1/audit")
                .then().statusCode(200).body("items.action", hasItem("member.role-changed"));
    }

    @Test
    void removing_a_member_ends_their_sessions_and_their_account() {
        Team team = team("remove");
        as(team.developer).get("/developer/v1/me").then().statusCode(200);
        as(team.owner).delete("/developer/v1/organization/members/" + team.developerId).then().statusCode(204);
        as(team.developer).get("/developer/v1/me").then().statusCode(401);
        anonymous().body(Map.of("email", team.developerEmail, "password", "teammate password")).post("/developer/v1/sessions")
                .then().statusCode(401);
        as(team.owner).get("/developer/v1/organization/members").then().body("email", not(hasItem(team.developerEmail)));
        as(team.owner).delete("/developer/v1/organization/members/" + team.developerId).then().statusCode(404);
        admin().queryParam("entityType", "user").queryParam("entityId", team.developerId).get("/admin/v1/audit")
                .then().statusCode(200).body("items.action", hasItems("member.joined", "member.removed"));
        // The address is free again: the owner can invite it anew.
        invite(team.owner, team.developerEmail, "developer").then().statusCode(201);
    }

    @Test
    void a_developer_may_leave_on_their_own() {
        Team team = team("leave");
        as(team.developer).delete("/developer/v1/organization/members/" + team.developerId).then().statusCode(204);
        as(team.developer).get("/developer/v1/me").then().statusCode(401);
        as(team.owner).get("/developer/v1/organization/members").then().body("$", hasSize(1));
    }

    @Test
    void another_organizations_members_and_invitations_answer_404() {
        Team victim = team("victim");
        String pending = invite(victim.owner, uniqueEmail("pending"), "developer").path("id");
        String intruder = readyPartner(mailbox, uniqueEmail("intruder"));
        List<Response> answers = List.of(
                as(intruder).body(Map.of("role", "developer")).put("/developer/v1/organization/members/" + victim.ownerId),
                as(intruder).body(Map.of("role", "owner")).put("/developer/v1/organization/members/" + victim.developerId),
                as(intruder).delete("/developer/v1/organization/members/" + victim.developerId),
                as(intruder).delete("/developer/v1/organization/invitations/" + pending));
        for (Response r : answers) {
            r.then().statusCode(404).body("type", equalTo("urn:gatehouse:problem:not-found"));
        }
        as(intruder).get("/developer/v1/organization/members").then().body("$", hasSize(1))
                .body("email", not(hasItem(victim.developerEmail)));
        as(intruder).get("/developer/v1/organization/invitations").then().body("$", hasSize(0));
        as(victim.owner).get("/developer/v1/organization/members").then().body("role", equalTo(List.of("owner", "developer")));
        as(victim.owner).get("/developer/v1/organization/invitations").then().body("id", equalTo(List.of(pending)));
    }

    @Test
    void invitation_tokens_are_stored_only_as_keyed_hashes() throws Exception {
        String owner = readyPartner(mailbox, uniqueEmail("hash"));
        String mate = uniqueEmail("mate-hash");
        String id = invite(owner, mate, "developer").path("id");
        String token = tokenFromLastMail(mailbox, mate);
        accept(token, "Hashed");
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl("gatehouse_mgmt_test"), PostgresDatabase.USER, "");
             Statement s = c.createStatement()) {
            for (String table : List.of("organization_invitations", "account_attempts", "audit_log", "users")) {
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        assertFalse(rs.getString(1).contains(token), table + " holds the invitation token");
                        assertFalse(rs.getString(1).contains(token.substring(4)), table + " holds the invitation token");
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT token_hash FROM organization_invitations WHERE id = ?::uuid")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertTrue(rs.getString(1).matches("[0-9a-f]{64}"), rs.getString(1));
                }
            }
        }
    }

    @Test
    void accepting_is_throttled_per_client_ip_like_sign_up() {
        String ip = randomIp();
        for (int i = 0; i < 20; i++) {
            from(ip).body(Map.of("token", "gdt_guess-" + i, "name", "Guess", "password", PASSWORD))
                    .post("/developer/v1/invitations/accept").then().statusCode(400);
        }
        from(ip).body(Map.of("token", "gdt_guess-last", "name", "Guess", "password", PASSWORD))
                .post("/developer/v1/invitations/accept").then().statusCode(429)
                .body("type", equalTo("urn:gatehouse:problem:too-many-attempts"));
    }

    // ---- helpers ----

    /** An organization with a verified owner and a developer who joined by invitation. */
    private Team team(String name) {
        String ownerEmail = uniqueEmail(name + "-owner");
        String owner = readyPartner(mailbox, ownerEmail);
        String devEmail = uniqueEmail(name + "-dev");
        invite(owner, devEmail, "developer").then().statusCode(201);
        String developer = accept(tokenFromLastMail(mailbox, devEmail), "Grace Hopper").then().statusCode(201).extract().path("token");
        return new Team(owner, as(owner).get("/developer/v1/me").path("user.id"), developer,
                as(developer).get("/developer/v1/me").path("user.id"), devEmail);
    }

    private record Team(String owner, String ownerId, String developer, String developerId, String developerEmail) {
    }

    private static Response invite(String session, String email, String role) {
        Response r = as(session).body(Map.of("email", email, "role", role)).post("/developer/v1/organization/invitations");
        r.then().statusCode(201);
        return r;
    }

    private static Response accept(String token, String name) {
        return anonymous().body(Map.of("token", token, "name", name, "password", "teammate password"))
                .post("/developer/v1/invitations/accept");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl("gatehouse_mgmt_test"), PostgresDatabase.USER, "");
             Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
