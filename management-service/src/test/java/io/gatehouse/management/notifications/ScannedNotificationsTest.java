package io.gatehouse.management.notifications;

import io.gatehouse.testing.BillingStandIn;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.publishedPlan;
import static io.gatehouse.management.notifications.Organization.mails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scans: a key expiring within 7 days, a quota at 80 % and 100 %, an invoice issued. Each mails the member who
 * keeps the topic on, never the one who turned it off, and a second scan mails nobody again. Billing is
 * {@link BillingStandIn} (declared for the whole test app by BillingThroughManagementTest).
 */
@QuarkusTest
class ScannedNotificationsTest {

    @Inject
    MockMailbox mailbox;
    @Inject
    NotificationSender sender;
    @Inject
    KeyExpiryScan keys;
    @Inject
    QuotaScan quotas;
    @Inject
    InvoiceScan invoices;

    @BeforeEach
    @AfterEach
    void billingAsDocumented() {
        BillingStandIn.current().up();
        BillingStandIn.current().reset();
        BillingStandIn.current().answer("/billing/v1/invoices", r -> BillingStandIn.Answer.json("{\"items\":[]}"));
    }

    @Test
    void a_key_expiring_within_7_days_is_announced_once_to_the_opted_in_member_and_a_rotated_or_distant_one_never() {
        Organization org = Organization.withOptedOutMember(mailbox, "keyExpiry");
        String app = org.application("Mobile app");
        Instant soon = Instant.now().plus(Duration.ofDays(3));
        String expiring = admin().body(Map.of("name", "ci", "expiresAt", soon.toString()))
                .post("/admin/v1/applications/" + app + "/keys").then().statusCode(201).extract().path("details.prefix");
        admin().body(Map.of("name", "later", "expiresAt", Instant.now().plus(Duration.ofDays(30)).toString()))
                .post("/admin/v1/applications/" + app + "/keys").then().statusCode(201);
        String rotated = admin().body(Map.of("name", "rotated", "expiresAt", soon.toString()))
                .post("/admin/v1/applications/" + app + "/keys").then().statusCode(201).extract().path("details.id");
        as(org.owner()).body(Map.of("graceHours", 24))
                .post("/developer/v1/applications/" + app + "/keys/" + rotated + "/rotate").then().statusCode(201);

        assertTrue(keys.run() >= 1);
        assertEquals(0, keys.run(), "the second scan queues nothing");
        sender.sendDue();

        List<Mail> mails = mails(mailbox, org.ownerEmail(), "A key of Mobile app expires");
        assertEquals(1, mails.size(), "one mail: the rotated key and the key expiring in 30 days are not announced");
        String text = mails.get(0).getText();
        assertTrue(text.contains("the key " + expiring + "…") && text.contains("(\"ci\") of Mobile app"), text);
        assertTrue(text.contains("http://localhost:8082/applications/" + app), text);
        assertEquals(List.of(), mails(mailbox, org.memberEmail(), "A key of"), "the member turned key mails off");
    }

    @Test
    void a_quota_at_80_and_then_100_percent_is_announced_once_per_level_to_the_opted_in_member() {
        Organization org = Organization.withOptedOutMember(mailbox, "quota");
        String app = org.application("Busy app");
        as(org.owner()).body(Map.of("planId", publishedPlan(false)))
                .post("/developer/v1/applications/" + app + "/subscriptions").then().statusCode(201);
        AtomicLong admitted = new AtomicLong(799);
        BillingStandIn.current().answer("/billing/v1/usage/totals", r -> BillingStandIn.Answer.json(
                "{\"applicationId\":\"" + r.query().get("applicationId") + "\",\"planId\":\"" + r.query().get("planId")
                        + "\",\"from\":\"" + r.query().get("from") + "\",\"to\":\"" + r.query().get("to")
                        + "\",\"requests\":0,\"admitted\":" + (app.equals(r.query().get("applicationId")) ? admitted.get() : 0)
                        + ",\"billableRequests\":0}"));

        quotas.run();
        sender.sendDue();
        assertEquals(List.of(), mails(mailbox, org.ownerEmail(), "Busy app has used"), "799 of 1,000 is below 80 %");

        admitted.set(800);
        quotas.run();
        quotas.run();
        sender.sendDue();
        List<Mail> eighty = mails(mailbox, org.ownerEmail(), "Busy app has used 80 % of today's quota");
        assertEquals(1, eighty.size(), "once, across two scans");
        assertTrue(eighty.get(0).getText().contains("800 of 1,000 requests"), eighty.get(0).getText());
        assertTrue(eighty.get(0).getText().contains("http://localhost:8082/applications/" + app + "/usage"), eighty.get(0).getText());

        admitted.set(1000);
        quotas.run();
        quotas.run();
        sender.sendDue();
        List<Mail> full = mails(mailbox, org.ownerEmail(), "Busy app has used all of today's quota");
        assertEquals(1, full.size());
        assertTrue(full.get(0).getText().contains("1,000 of 1,000 requests"), full.get(0).getText());
        assertEquals(1, mails(mailbox, org.ownerEmail(), "80 %").size(), "no second 80 % mail");
        assertEquals(List.of(), mails(mailbox, org.memberEmail(), "Busy app"), "the member turned quota mails off");
    }

    @Test
    void billing_away_leaves_quota_and_invoice_mails_for_the_next_scan() {
        Organization org = Organization.withOptedOutMember(mailbox, "quota");
        String app = org.application("Patient app");
        as(org.owner()).body(Map.of("planId", publishedPlan(false)))
                .post("/developer/v1/applications/" + app + "/subscriptions").then().statusCode(201);
        BillingStandIn.current().down();
        assertEquals(0, quotas.run());
        assertEquals(0, invoices.run());
        BillingStandIn.current().up();
        BillingStandIn.current().answer("/billing/v1/usage/totals", r -> BillingStandIn.Answer.json(
                "{\"applicationId\":\"" + r.query().get("applicationId") + "\",\"planId\":\"" + r.query().get("planId")
                        + "\",\"from\":\"" + r.query().get("from") + "\",\"to\":\"" + r.query().get("to")
                        + "\",\"requests\":0,\"admitted\":" + (app.equals(r.query().get("applicationId")) ? 1000 : 0)
                        + ",\"billableRequests\":0}"));
        assertTrue(quotas.run() >= 1);
        sender.sendDue();
        assertEquals(1, mails(mailbox, org.ownerEmail(), "Patient app has used all").size());
    }

    @Test
    void an_issued_invoice_is_announced_once_and_old_or_void_ones_never() {
        Organization org = Organization.withOptedOutMember(mailbox, "invoices");
        String orgId = org.organizationId();
        String fresh = UUID.randomUUID().toString();
        String old = UUID.randomUUID().toString();
        String voided = UUID.randomUUID().toString();
        String lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
        BillingStandIn.current().answer("/billing/v1/invoices", r -> BillingStandIn.Answer.json(
                lastMonth.equals(r.query().get("period"))
                        ? "{\"items\":[" + invoice(fresh, orgId, "issued", Instant.now().minus(Duration.ofHours(2))) + ","
                        + invoice(old, orgId, "issued", Instant.now().minus(Duration.ofDays(20))) + ","
                        + invoice(voided, orgId, "void", Instant.now().minus(Duration.ofHours(1))) + "]}"
                        : "{\"items\":[]}"));

        assertEquals(1, invoices.run(), "the owner's mail; the member turned invoice mails off");
        assertEquals(0, invoices.run(), "the second scan queues nothing");
        sender.sendDue();

        List<Mail> mails = mails(mailbox, org.ownerEmail(), "Invoice for " + lastMonth);
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).getSubject().contains("61.88 EUR"), mails.get(0).getSubject());
        assertTrue(mails.get(0).getText().contains("the invoice of " + org.name() + " for " + lastMonth), mails.get(0).getText());
        assertTrue(mails.get(0).getText().contains("http://localhost:8082/invoices/" + fresh), mails.get(0).getText());
        assertEquals(List.of(), mails(mailbox, org.memberEmail(), "Invoice"));
        List<String> asked = BillingStandIn.current().requests("/billing/v1/invoices").stream()
                .map(r -> r.query().get("period")).toList();
        assertTrue(asked.contains(lastMonth) && asked.contains(YearMonth.now(ZoneOffset.UTC).toString()), asked.toString());
    }

    private static String invoice(String id, String org, String status, Instant issuedAt) {
        return "{\"id\":\"" + id + "\",\"organizationId\":\"" + org + "\",\"period\":\""
                + YearMonth.now(ZoneOffset.UTC).minusMonths(1) + "\",\"currency\":\"EUR\",\"status\":\"" + status
                + "\",\"subtotal\":\"61.8787\",\"total\":\"61.88\",\"checksum\":\"abc\",\"issuedAt\":\"" + issuedAt
                + "\",\"lineCount\":2}";
    }
}
