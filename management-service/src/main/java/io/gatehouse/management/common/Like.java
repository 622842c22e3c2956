package io.gatehouse.management.common;

import java.util.Locale;

/** Text typed into a filter as a SQL {@code like} pattern with {@code !} as the escape character. */
public final class Like {

    private Like() {
    }

    /** {@code text} with {@code !}, {@code %} and {@code _} escaped, so they match themselves. */
    public static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** A pattern matching any lower-cased value that contains {@code text} (in any case). */
    public static String containing(String text) {
        return "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
    }
}
