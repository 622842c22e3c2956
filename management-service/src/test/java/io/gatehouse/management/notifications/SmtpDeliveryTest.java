package io.gatehouse.management.notifications;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.gatehouse.testing.PostgresDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notification mails over real SMTP ({@link SmtpServer}: GreenMail behind a proxy the test cuts): delivered once each
 * even with two senders at work, retried with backoff while SMTP is away, counted, and given up (kept, counted) after
 * the last attempt.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class SmtpDeliveryTest {

    @Inject
    Outbox outbox;
    @Inject
    NotificationSender sender;
    @Inject
    MeterRegistry meters;

    @AfterEach
    void smtpBack() {
        SmtpServer.proxy().restore();
    }

    @Test
    void two_senders_at_once_deliver_every_queued_mail_over_smtp_exactly_once() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < 23; i++) {
            assertTrue(outbox.queue(NotificationKind.INVOICE_ISSUED, run + ":" + i, "partner" + i + "-" + run + "@example.com",
                    new MailText("Invoice " + i + " of " + run, "Hello,\n\nthe invoice " + i + " is issued.\n")));
        }
        assertFalse(outbox.queue(NotificationKind.INVOICE_ISSUED, run + ":7", "partner7-" + run + "@example.com",
                new MailText("Invoice 7 again", "again")), "the same key queues nothing a second time");

        double failuresBefore = count("gatehouse.notifications.send.failures", "invoice-issued");
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> senders = List.of(sender::sendDue, sender::sendDue);
        for (Future<Integer> f : two.invokeAll(senders)) {
            f.get();
        }
        // A send that fails (on this loaded machine one SMTP conversation through the proxy has hung until the send
        // timeout) is counted and tried again after its pause: the senders go on until nothing is due, at most 30 s.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (statuses(run + ":%").contains("pending") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            for (Future<Integer> f : two.invokeAll(senders)) {
                f.get();
            }
        }
        two.shutdown();
        assertEquals(java.util.Collections.nCopies(23, "sent"), statuses(run + ":%"));
        int attempts = column("SELECT attempts::text FROM notification_outbox WHERE dedupe_key LIKE ?", run + ":%")
                .stream().mapToInt(Integer::parseInt).sum();
        double failures = count("gatehouse.notifications.send.failures", "invoice-issued") - failuresBefore;
        assertEquals(23 + failures, attempts, "each mail was claimed by one sender at a time: every attempt after a "
                + "mail's first follows a counted failure");

        List<MimeMessage> ours = awaitReceived(run, 23);
        assertEquals(23, ours.size());
        assertEquals(23, ours.stream().map(SmtpDeliveryTest::to).distinct().count(), "one mail per recipient");
        MimeMessage third = ours.stream().filter(m -> to(m).startsWith("partner3-")).findFirst().orElseThrow();
        assertEquals("Invoice 3 of " + run, third.getSubject());
        assertTrue(GreenMailUtil.getBody(third).contains("the invoice 3 is issued."), GreenMailUtil.getBody(third));
    }

    @Test
    void a_mail_smtp_refuses_is_tried_again_after_a_pause_counted_and_delivered_once_smtp_is_back() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        double failuresBefore = count("gatehouse.notifications.send.failures", "subscription-approved");
        SmtpServer.proxy().cut();
        outbox.queue(NotificationKind.SUBSCRIPTION_APPROVED, run, "retry-" + run + "@example.com",
                new MailText("Approved " + run, "Hello,\n\napproved.\n"));

        sender.sendDue();
        assertEquals(failuresBefore + 1, count("gatehouse.notifications.send.failures", "subscription-approved"));
        assertEquals(List.of("pending"), statuses(run));
        assertNotNull(lastError(run), "the error is kept with the mail");

        SmtpServer.proxy().restore();
        sender.sendDue();
        assertEquals(List.of("pending"), statuses(run), "not before its pause (1 s) is over");
        assertEquals(List.of("1"), column("SELECT attempts::text FROM notification_outbox WHERE dedupe_key LIKE ?", run));
        Thread.sleep(1_200);
        sender.sendDue();
        assertEquals(List.of("sent"), statuses(run));
        assertEquals(1, awaitReceived(run, 1).size());
    }

    @Test
    void a_mail_smtp_refuses_at_every_attempt_is_given_up_kept_and_counted_never_dropped_silently() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        double givenUpBefore = count("gatehouse.notifications.given.up", "quota-100");
        SmtpServer.proxy().cut();
        outbox.queue(NotificationKind.QUOTA_100, run, "never-" + run + "@example.com",
                new MailText("Quota " + run, "Hello,\n\nall used.\n"));

        sender.sendDue();
        Thread.sleep(1_200);
        sender.sendDue();
        assertEquals(List.of("pending"), statuses(run), "two attempts of three");
        Thread.sleep(2_200);
        sender.sendDue();

        assertEquals(List.of("failed"), statuses(run));
        assertNotNull(lastError(run));
        assertEquals(givenUpBefore + 1, count("gatehouse.notifications.given.up", "quota-100"));
        SmtpServer.proxy().restore();
        Thread.sleep(2_200);
        sender.sendDue();
        assertEquals(List.of("failed"), statuses(run), "a given-up mail stays given up");
        assertEquals(List.of(), received(run));
    }

    private double count(String name, String kind) {
        Counter c = meters.find(name).tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * This run's mails once {@code expected} of them are in the mailbox, or what is there after 10 s. (GreenMail's own
     * wait counts every mail of the server, including other tests', so it can return before this run's last one.)
     */
    private static List<MimeMessage> awaitReceived(String run, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<MimeMessage> ours = received(run);
        while (ours.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ours = received(run);
        }
        return ours;
    }

    private static List<MimeMessage> received(String run) {
        return Arrays.stream(SmtpServer.server().getReceivedMessages()).filter(m -> to(m).contains("-" + run + "@")).toList();
    }

    private static String to(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> statuses(String keyPattern) throws Exception {
        return column("SELECT status FROM notification_outbox WHERE dedupe_key LIKE ? ORDER BY dedupe_key", keyPattern);
    }

    private static String lastError(String key) throws Exception {
        return column("SELECT last_error FROM notification_outbox WHERE dedupe_key LIKE ?", key).get(0);
    }

    private static List<String> column(String sql, String keyPattern) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl("gatehouse_mgmt_test"), PostgresDatabase.USER, "");
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, "%:" + keyPattern.toLowerCase());
            List<String> values = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        }
    }
}
