package io.gatehouse.management.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of mail notifications ({@code gatehouse.notifications.*}), read once at start. */
@ConfigMapping(prefix = "gatehouse.notifications")
public interface NotificationSettings {

    /**
     * Addresses told of every new subscription waiting for approval ({@code GATEHOUSE_ADMIN_NOTIFY_EMAILS}, comma
     * separated). Empty: nobody.
     */
    Optional<List<String>> adminEmails();

    /** Where links in mails to admins point: the console as admins reach it. */
    @WithDefault("http://localhost:8081/console")
    String consoleUrl();

    /** How often the sender looks for due mails ({@code off} stops it: tests send by hand). */
    @WithDefault("10s")
    String sendEvery();

    /** How often the key expiry, quota and invoice scans run ({@code off} stops them). */
    @WithDefault("5m")
    String scanEvery();

    /** Mails one sender run claims at a time. */
    @WithDefault("50")
    int batchSize();

    /** Attempts before a mail is given up ({@code failed}, kept with its last error and counted). */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before the second attempt; it doubles with each further attempt, up to {@link #maxRetry()}. */
    @WithDefault("PT30S")
    Duration firstRetry();

    @WithDefault("PT1H")
    Duration maxRetry();

    /**
     * How long a claimed mail stays invisible to other senders. A sender that dies after claiming leaves its mails to
     * be sent by another after this; it must be longer than {@link #sendTimeout()} times {@link #batchSize()}.
     */
    @WithDefault("PT30M")
    Duration claimLease();

    /** The longest one SMTP send may take before it counts as failed. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** A key expiring within this is announced (once per key). */
    @WithDefault("P7D")
    Duration keyExpiryNotice();

    /** Invoices issued longer ago than this are not announced (so a first start does not mail the whole history). */
    @WithDefault("P7D")
    Duration invoiceLookback();
}
