package io.gatehouse.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server (GreenMail) in the test JVM, on a free port of 127.0.0.1, without TLS or login: management's mailer
 * is pointed at it ({@code GATEHOUSE_SMTP_HOST}/{@code _PORT}, {@code GATEHOUSE_SMTP_STARTTLS=DISABLED},
 * {@code GATEHOUSE_MAIL_MOCK=false}) and the test reads what arrived, as a partner reads their inbox.
 */
final class Mailbox implements AutoCloseable {

    /** One received mail: its recipients, subject and plain-text body. */
    record Mail(List<String> to, String subject, String body) {
        boolean isTo(String address) {
            return to.stream().anyMatch(a -> a.equalsIgnoreCase(address));
        }
    }

    private final GreenMail server;

    Mailbox() {
        server = new GreenMail(new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    int port() {
        return server.getSmtp().getPort();
    }

    /** Every mail received so far, oldest first. */
    List<Mail> all() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            try {
                List<String> to = new ArrayList<>();
                Address[] recipients = m.getRecipients(Message.RecipientType.TO);
                if (recipients != null) {
                    for (Address a : recipients) {
                        to.add(((jakarta.mail.internet.InternetAddress) a).getAddress());
                    }
                }
                mails.add(new Mail(to, m.getSubject(), GreenMailUtil.getBody(m)));
            } catch (MessagingException e) {
                throw new IllegalStateException("a received mail cannot be read", e);
            }
        }
        return mails;
    }

    /** The first mail to {@code address} whose subject contains {@code subject}, waiting up to {@code timeout}. */
    Mail await(String address, String subject, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (Mail m : all()) {
                if (m.isTo(address) && m.subject().contains(subject)) {
                    return m;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                StringBuilder seen = new StringBuilder();
                all().forEach(m -> seen.append("\n  ").append(m.to()).append(": ").append(m.subject()));
                throw new AssertionError("no mail to " + address + " with \"" + subject + "\" within " + timeout
                        + "; the mailbox has:" + seen);
            }
            Thread.sleep(100);
        }
    }

    /** How many mails to {@code address} have a subject containing {@code subject}. */
    long count(String address, String subject) {
        return all().stream().filter(m -> m.isTo(address) && m.subject().contains(subject)).count();
    }

    @Override
    public void close() {
        server.stop();
    }
}
