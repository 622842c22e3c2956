package io.gatehouse.gateway.policy.ratelimit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The calendar window a quota counts in at an instant: a day or a month in the plan's time zone
 * (a month starts at 00:00 on the 1st there), so the gateway, the portal and the invoice agree.
 *
 * @param id    names the window in counter keys, e.g. {@code 2026-11} or {@code 2026-11-25}
 * @param start the window's first instant
 * @param end   the first instant after it
 */
public record CalendarWindow(String id, Instant start, Instant end) {

    /** The window of {@code unit} (day or month) containing {@code at} in {@code zone}. */
    public static CalendarWindow of(LimitWindow.Unit unit, ZoneId zone, Instant at) {
        ZonedDateTime local = at.atZone(zone);
        return switch (unit) {
            case DAY -> {
                LocalDate day = local.toLocalDate();
                yield new CalendarWindow(day.toString(), day.atStartOfDay(zone).toInstant(),
                        day.plusDays(1).atStartOfDay(zone).toInstant());
            }
            case MONTH -> {
                YearMonth month = YearMonth.from(local);
                yield new CalendarWindow(month.toString(), month.atDay(1).atStartOfDay(zone).toInstant(),
                        month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
            }
            default -> throw new IllegalArgumentException(unit.code() + " is not a calendar window");
        };
    }

    public long spanSeconds() {
        return end.getEpochSecond() - start.getEpochSecond();
    }
}
