package io.gatehouse.management.problem;

import java.time.Instant;

/**
 * The rules every value a client sends must meet before it reaches SQL, whatever field or parameter carries it.
 * One place, used by JSON reading ({@link StrictJson}), query and path parameters ({@link ParameterCheck}) and
 * imported documents, so no field can forget them.
 */
public final class ClientInput {

    /**
     * The earliest instant a client may name. PostgreSQL's timestamps span 4713 BC to 294276 AD while Java's
     * {@link Instant} spans a billion years either way, so years outside 1–9999 are refused before they reach SQL.
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant after the latest one a client may name (see {@link #EARLIEST}). */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    public static final String INSTANT_RANGE = "must lie in the years 0001 to 9999";

    private ClientInput() {
    }

    /**
     * The query parameter {@code name} when it is an ISO-8601 instant in the years 0001 to 9999, as text to pass on;
     * null when absent or blank; a 400 otherwise. Checked here although billing checks it too, so a bad value is the
     * client's 400 whatever billing answers.
     */
    public static String instantParameter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (java.time.DateTimeException e) {
            throw ApiProblem.invalidField(name, "must be an ISO-8601 instant, e.g. 2026-11-25T00:00:00Z");
        }
        if (!storable(instant)) {
            throw ApiProblem.invalidField(name, INSTANT_RANGE);
        }
        return value.strip();
    }

    /**
     * Where a body is optional, leaving it out is fine, but a body that is sent is a JSON object: the JSON literal
     * {@code null} (which Jackson reads as "no body") is refused. {@code declaredLength} is the request's
     * Content-Length, -1 when unknown.
     */
    public static void refuseNullBody(Object body, long declaredLength) {
        if (body == null && declaredLength > 0) {
            throw ApiProblem.invalidField("body", "must be a JSON object or left out, not null");
        }
    }

    /**
     * Why {@code text} is refused, or null when it is fine: control characters (NUL, which PostgreSQL cannot store
     * at all, and every other C0/C1 control and DEL) are refused; tab, line feed and carriage return are text.
     */
    public static String textRefusal(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return String.format("must not contain control characters (U+%04X at position %d)", (int) c, i);
            }
        }
        return null;
    }

    /**
     * {@code text} without the blanks at either end, for a name, title or the like that must say something; null
     * stays null (a field left out). A value of only blanks is the field's 400 {@code validation-failed}: trimmed, it
     * was stored empty or broke a table's length check (a 500). Blanks are every Unicode space and whitespace
     * character (no-break, em and ideographic spaces too), not only the ASCII ones {@code trim()} and
     * {@code @NotBlank} know.
     */
    public static String requiredText(String field, String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && blank(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && blank(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        if (start == end) {
            throw ApiProblem.invalidField(field, "must not be blank");
        }
        return text.substring(start, end);
    }

    private static boolean blank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** Whether {@code instant} lies in the years 0001 to 9999. */
    public static boolean storable(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END);
    }
}
