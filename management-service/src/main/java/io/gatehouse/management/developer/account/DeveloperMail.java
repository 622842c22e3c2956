package io.gatehouse.management.developer.account;

import io.gatehouse.management.developer.DeveloperSettings;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The mails partners get. Sent after the transaction that made their token committed, without
 * waiting for SMTP; a mail that cannot be sent is logged and never changes the answer (which would
 * tell who has an account).
 */
@ApplicationScoped
public class DeveloperMail {

    private static final Logger LOG = Logger.getLogger(DeveloperMail.class);

    /** A mail to send: to whom, and what. */
    public record Outgoing(String to, String subject, String text, String link) {
    }

    private final Mailer mailer;
    private final ReactiveMailer reactiveMailer;
    private final boolean mock;
    private final String portalUrl;
    private final boolean logLinks;

    public DeveloperMail(Mailer mailer, ReactiveMailer reactiveMailer, DeveloperSettings settings,
                         @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false") boolean mock) {
        this.mailer = mailer;
        this.reactiveMailer = reactiveMailer;
        this.mock = mock;
        this.portalUrl = settings.portalUrl().replaceAll("/+$", "");
        this.logLinks = mock || settings.logMailLinks();
    }

    Outgoing verification(String to, String name, String token) {
        String link = link("/verify", token);
        return new Outgoing(to, "Verify your email for the Gatehouse developer portal",
                "Hello " + name + ",\n\nopen this link to verify your email address:\n\n" + link
                        + "\n\nIf you did not sign up, ignore this mail.\n", link);
    }

    Outgoing alreadyRegistered(String to) {
        String link = portalUrl + "/reset-password";
        return new Outgoing(to, "You already have a Gatehouse developer account",
                "Hello,\n\nsomeone (probably you) tried to sign up with this address, which already has an account.\n"
                        + "Log in at " + portalUrl + "/login, or reset your password here:\n\n" + link + "\n", link);
    }

    Outgoing passwordReset(String to, String token) {
        String link = link("/reset-password/confirm", token);
        return new Outgoing(to, "Reset your Gatehouse developer portal password",
                "Hello,\n\nopen this link within the hour to choose a new password:\n\n" + link
                        + "\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n", link);
    }

    public Outgoing invitation(String to, String inviterName, String organizationName, String role, String token,
                        java.time.Duration ttl) {
        String link = link("/invitations/accept", token);
        String within = ttl.toDays() >= 1 ? ttl.toDays() + (ttl.toDays() == 1 ? " day" : " days")
                : Math.max(1, ttl.toHours()) + (ttl.toHours() <= 1 ? " hour" : " hours");
        // Names are typed by people: no control character may reach a mail header.
        return new Outgoing(to, (inviterName + " invites you to " + organizationName).replaceAll("\\p{Cntrl}", " ")
                        + " on the Gatehouse developer portal",
                "Hello,\n\n" + inviterName + " invites you to join " + organizationName + " as " + ("owner".equals(role) ? "an owner" : "a developer")
                        + " on the Gatehouse developer portal.\nOpen this link within " + within + " to choose your password and join:\n\n" + link
                        + "\n\nThe link works once. If you did not expect this, ignore this mail.\n", link);
    }

    public void send(Outgoing mail) {
        if (mail == null) {
            return;
        }
        if (logLinks) {
            LOG.infof("Mail to %s: %s — %s", mail.to(), mail.subject(), mail.link());
        }
        Mail message = Mail.withText(mail.to(), mail.subject(), mail.text());
        if (mock) {
            // The mock mailbox is instant; tests read it right after the answer.
            mailer.send(message);
            return;
        }
        // Real SMTP takes time only when there is a mail to send: not waiting for it keeps the
        // answer time the same for addresses with and without an account.
        reactiveMailer.send(message).subscribe().with(sent -> { },
                e -> LOG.errorf("Could not send '%s' to %s: %s", mail.subject(), mail.to(), e.toString()));
    }

    private String link(String path, String token) {
        return portalUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
