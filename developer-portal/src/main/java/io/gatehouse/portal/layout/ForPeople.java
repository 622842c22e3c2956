package io.gatehouse.portal.layout;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the pages print instants and counts: {@code {t.readable}} is "2026-12-06 03:55 UTC" (to the
 * minute, no nanoseconds), {@code {t.iso}} the exact instant for a {@code <time datetime>},
 * {@code {n.grouped}} "1,234,567". The tag {@code {#time t /}} puts the first two together, and the
 * static {@code /local-time.js} turns such a time into the reader's own zone and language.
 */
@TemplateExtension
public final class ForPeople {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ForPeople() {
    }

    /** "2026-12-06 03:55 UTC". */
    public static String readable(Instant t) {
        return MINUTE.format(t);
    }

    /** "2026-12-06", the UTC day. */
    public static String day(Instant t) {
        return DAY.format(t);
    }

    /** The exact instant, ISO 8601 in UTC, e.g. "2026-12-06T03:55:12.123456Z". */
    public static String iso(Instant t) {
        return t.toString();
    }

    /** "1,234,567": English grouping, whatever the server's locale. */
    public static String grouped(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    public static String grouped(int n) {
        return grouped((long) n);
    }
}
