package io.gatehouse.management.common;

import java.text.Normalizer;
import java.util.Locale;

/** URL-safe identifiers made from names: lower-case letters, digits and single dashes. */
public final class Slug {

    public static final String PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";

    private Slug() {
    }

    public static String of(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "x" : slug;
    }
}
