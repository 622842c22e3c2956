package io.gatehouse.management.notifications;

/** A finished plain-text mail: its subject line (no control characters) and body. */
public record MailText(String subject, String body) {

    public MailText {
        // Names in subjects are typed by people: no control character may reach a mail header.
        subject = subject.replaceAll("\\p{Cntrl}", " ").strip();
    }
}
