package io.gatehouse.management.console;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes values. */
@TemplateExtension(namespace = "fmt")
public final class ConsoleFormats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private ConsoleFormats() {
    }

    /** {@code {fmt:when(entry.occurredAt)}}: a readable UTC time, or a dash. */
    static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }

    /** {@code {fmt:day(api.sunsetAt)}}: the UTC day, or empty (for date inputs). */
    static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }
}
