package io.gatehouse.management.notifications;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.publishedPlan;
import static io.gatehouse.management.notifications.Organization.mails;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscription's pending, approved and rejected mails reach the members who keep subscription notices on and the
 * admin addresses ({@code %test}: api-desk@ and ops@gatehouse.test), through the outbox and the sender, once.
 */
@QuarkusTest
class SubscriptionNotificationsTest {

    @Inject
    MockMailbox mailbox;
    @Inject
    NotificationSender sender;

    @Test
    void a_pending_subscription_mails_the_opted_in_member_and_the_admins_and_not_the_opted_out_member() {
        Organization org = Organization.withOptedOutMember(mailbox, "subscriptions");
        String plan = publishedPlan(true);
        String api = admin().get("/admin/v1/plans/" + plan).then().extract().path("apiId");
        String apiName = admin().get("/admin/v1/apis/" + api).then().extract().path("name") + " "
                + admin().get("/admin/v1/apis/" + api).then().extract().path("version");
        String app = org.application("Checkout");
        as(org.owner()).body(Map.of("planId", plan)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201).body("status", equalTo("pending"));

        sender.sendDue();

        List<Mail> owner = mails(mailbox, org.ownerEmail(), "waits for approval");
        assertEquals(1, owner.size(), "one mail to the owner");
        String text = owner.get(0).getText();
        assertTrue(owner.get(0).getSubject().contains(apiName) && owner.get(0).getSubject().contains("plan Starter"),
                owner.get(0).getSubject());
        assertTrue(text.contains("the subscription of Checkout to " + apiName), text);
        assertTrue(text.contains("http://localhost:8082/applications/" + app), text);
        assertTrue(text.contains("http://localhost:8082/account/notifications"), text);
        assertEquals(List.of(), mails(mailbox, org.memberEmail(), "subscription"), "the member turned subscription mails off");

        for (String desk : List.of("api-desk@gatehouse.test", "ops@gatehouse.test")) {
            List<Mail> admins = mails(mailbox, desk, org.name());
            assertEquals(1, admins.size(), "one mail to " + desk);
            assertTrue(admins.get(0).getText().contains("http://localhost:8081/console/subscriptions?status=pending"),
                    admins.get(0).getText());
            assertTrue(admins.get(0).getText().contains("Checkout to " + apiName + ", plan Starter"), admins.get(0).getText());
        }

        sender.sendDue();
        assertEquals(1, mails(mailbox, org.ownerEmail(), "waits for approval").size(), "a sent mail is not sent again");
    }

    @Test
    void approving_and_rejecting_a_pending_subscription_each_mail_the_opted_in_member_once() {
        Organization org = Organization.withOptedOutMember(mailbox, "subscriptions");
        String approvedApp = org.application("Approved app");
        String rejectedApp = org.application("Rejected app");
        String approved = as(org.owner()).body(Map.of("planId", publishedPlan(true)))
                .post("/developer/v1/applications/" + approvedApp + "/subscriptions").then().statusCode(201).extract().path("id");
        String rejected = as(org.owner()).body(Map.of("planId", publishedPlan(true)))
                .post("/developer/v1/applications/" + rejectedApp + "/subscriptions").then().statusCode(201).extract().path("id");

        admin().body(Map.of("status", "active")).patch("/admin/v1/subscriptions/" + approved).then().statusCode(200);
        admin().body(Map.of("status", "rejected")).patch("/admin/v1/subscriptions/" + rejected).then().statusCode(200);
        // Suspending and reinstating the approved one is no approval: no further mail.
        admin().body(Map.of("status", "suspended")).patch("/admin/v1/subscriptions/" + approved).then().statusCode(200);
        admin().body(Map.of("status", "active")).patch("/admin/v1/subscriptions/" + approved).then().statusCode(200);
        sender.sendDue();

        List<Mail> yes = mails(mailbox, org.ownerEmail(), "is approved");
        assertEquals(1, yes.size());
        assertTrue(yes.get(0).getText().contains("The keys of Approved app can call"), yes.get(0).getText());
        assertTrue(yes.get(0).getText().contains("/applications/" + approvedApp), yes.get(0).getText());
        List<Mail> no = mails(mailbox, org.ownerEmail(), "was not approved");
        assertEquals(1, no.size());
        assertTrue(no.get(0).getText().contains("The keys of Rejected app cannot call"), no.get(0).getText());
        assertEquals(List.of(), mails(mailbox, org.memberEmail(), "approved"));
    }

    @Test
    void a_subscription_active_at_once_mails_nobody() {
        Organization org = Organization.withOptedOutMember(mailbox, "quota");
        String app = org.application("Instant app");
        as(org.owner()).body(Map.of("planId", publishedPlan(false)))
                .post("/developer/v1/applications/" + app + "/subscriptions").then().statusCode(201).body("status", equalTo("active"));
        sender.sendDue();
        assertEquals(List.of(), mails(mailbox, org.ownerEmail(), "subscription"));
        assertEquals(List.of(), mails(mailbox, org.memberEmail(), "subscription"));
        assertEquals(List.of(), mails(mailbox, "ops@gatehouse.test", org.name()));
    }
}
