package io.gatehouse.gateway.cache;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Strict HTTP-date parsing (RFC 9110 §5.6.7). The preferred IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and,
 * because §5.6.7 says a recipient MUST accept all three formats, the obsolete rfc850-date
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime-date ({@code Sun Nov  6 08:49:37 1994}). Anything else is
 * invalid: HTTP-date is case-sensitive, so a lower-case weekday or month, a 2-digit year outside rfc850-date, a
 * missing comma, doubled spaces, dashes in an IMF-fixdate, a 1-digit hour, or a zone other than {@code GMT} are all
 * rejected. Field values reach here with their surrounding whitespace already removed by the HTTP parser; it is
 * trimmed again, as §5.5 allows. No regex, no allocation beyond the result.
 */
final class HttpDate {

    /** What {@link #parse} returns for a value that is not an HTTP-date. */
    static final long INVALID = Long.MIN_VALUE;

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private HttpDate() {
    }

    /**
     * The one HTTP-date of a singleton field given as its field lines: {@link #INVALID} when there is none, more than
     * one line, or the value is not an HTTP-date (RFC 9111 §4.2.1: a field sent twice may be treated as invalid).
     */
    static long parseSingleton(List<String> lines, long nowMillis) {
        return lines.size() != 1 ? INVALID : parse(lines.get(0), nowMillis);
    }

    /**
     * Milliseconds since the epoch of an HTTP-date, or {@link #INVALID}. {@code nowMillis} resolves the 2-digit year
     * of an rfc850-date: a year that would be more than 50 years in the future is in the past century (§5.6.7).
     */
    static long parse(String value, long nowMillis) {
        if (value == null) {
            return INVALID;
        }
        String s = trim(value);
        int comma = s.indexOf(',');
        if (comma == 3) {
            return imfFixdate(s);
        }
        if (comma > 3) {
            return rfc850(s, comma, nowMillis);
        }
        if (comma < 0) {
            return asctime(s);
        }
        return INVALID;
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}: exactly 29 characters. */
    private static long imfFixdate(String s) {
        if (s.length() != 29 || index(DAYS, s, 0, 3) < 0 || s.charAt(4) != ' ' || s.charAt(7) != ' '
                || s.charAt(11) != ' ' || s.charAt(16) != ' ' || !s.startsWith(" GMT", 25)) {
            return INVALID;
        }
        int day = digits(s, 5, 2);
        int month = index(MONTHS, s, 8, 3);
        int year = digits(s, 12, 4);
        return at(year, month, day, s, 17);
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static long rfc850(String s, int comma, long nowMillis) {
        int p = comma + 2;
        if (index(LONG_DAYS, s, 0, comma) < 0 || s.length() != p + 22 || s.charAt(comma + 1) != ' '
                || s.charAt(p + 2) != '-' || s.charAt(p + 6) != '-' || s.charAt(p + 9) != ' '
                || !s.startsWith(" GMT", p + 18)) {
            return INVALID;
        }
        int day = digits(s, p, 2);
        int month = index(MONTHS, s, p + 3, 3);
        int yy = digits(s, p + 7, 2);
        if (yy < 0) {
            return INVALID;
        }
        int thisYear = LocalDateTime.ofEpochSecond(Math.floorDiv(nowMillis, 1000), 0, ZoneOffset.UTC).getYear();
        int year = thisYear - Math.floorMod(thisYear, 100) + yy;
        if (year > thisYear + 50) {
            year -= 100;
        }
        return at(year, month, day, s, p + 10);
    }

    /** {@code Sun Nov  6 08:49:37 1994} (a 1-digit day is padded with a space): exactly 24 characters. */
    private static long asctime(String s) {
        if (s.length() != 24 || index(DAYS, s, 0, 3) < 0 || s.charAt(3) != ' ' || s.charAt(7) != ' '
                || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return INVALID;
        }
        int month = index(MONTHS, s, 4, 3);
        int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        int year = digits(s, 20, 4);
        return at(year, month, day, s, 11);
    }

    /** The instant of the date, with the time-of-day {@code HH:MM:SS} read at {@code t}. */
    private static long at(int year, int month, int day, String s, int t) {
        if (s.charAt(t + 2) != ':' || s.charAt(t + 5) != ':') {
            return INVALID;
        }
        int hour = digits(s, t, 2);
        int minute = digits(s, t + 3, 2);
        int second = digits(s, t + 6, 2);
        if (year < 0 || month < 0 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 60) {
            return INVALID;
        }
        try {
            // A leap second (60) is read as the last second of its minute.
            return LocalDateTime.of(year, month + 1, day, hour, minute, Math.min(second, 59))
                    .toEpochSecond(ZoneOffset.UTC) * 1000;
        } catch (DateTimeException invalidDay) {
            return INVALID;
        }
    }

    private static int digits(String s, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static int index(String[] names, String s, int from, int length) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == length && s.startsWith(names[i], from)) {
                return i;
            }
        }
        return -1;
    }

    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }
}
