package io.gatehouse.management.notifications;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.PASSWORD;
import static io.gatehouse.management.developer.DeveloperApi.anonymous;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.tokenFromLastMail;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;

/**
 * A partner organization of two verified members for notification tests: the owner, who keeps every topic on, and a
 * developer who turned {@code topicOff} off.
 */
record Organization(String ownerEmail, String owner, String memberEmail, String member, String name) {

    static Organization withOptedOutMember(MockMailbox mailbox, String topicOff) {
        String ownerEmail = uniqueEmail("owner");
        String owner = readyPartner(mailbox, ownerEmail);
        String memberEmail = uniqueEmail("member");
        as(owner).body(Map.of("email", memberEmail, "role", "developer")).post("/developer/v1/organization/invitations")
                .then().statusCode(201);
        String member = anonymous().body(Map.of("token", tokenFromLastMail(mailbox, memberEmail), "name", "Grace Hopper",
                        "password", PASSWORD)).post("/developer/v1/invitations/accept")
                .then().statusCode(201).extract().path("token");
        Map<String, Boolean> choices = new java.util.HashMap<>(Map.of("subscriptions", true, "keyExpiry", true,
                "quota", true, "invoices", true));
        choices.put(topicOff, false);
        as(member).body(choices).put("/developer/v1/account/notifications").then().statusCode(200);
        return new Organization(ownerEmail, owner, memberEmail, member, "Analytical " + ownerEmail);
    }

    String organizationId() {
        return as(owner).get("/developer/v1/me").then().statusCode(200).extract().path("organization.id");
    }

    String application(String name) {
        return as(owner).body(Map.of("name", name)).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
    }

    /** Mails to {@code email} whose subject contains {@code words}. */
    static List<Mail> mails(MockMailbox mailbox, String email, String words) {
        List<Mail> all = mailbox.getMailsSentTo(email);
        return all == null ? List.of() : all.stream().filter(m -> m.getSubject().contains(words)).toList();
    }
}
