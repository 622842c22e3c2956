package io.gatehouse.management.apis;

import io.gatehouse.management.problem.ApiProblem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tags of an API, as partners search and filter the portal's catalog by them: lower-case words of letters,
 * digits and dashes, 1 to 32 characters, at most {@value #MAX}, each once, in the order given.
 */
public final class ApiTags {

    /** The most tags one API may have. */
    public static final int MAX = 10;
    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,32}");

    private ApiTags() {
    }

    /**
     * The tags as stored: trimmed, lower-cased, a repeated tag once. A tag that is not 1 to 32 letters, digits and
     * dashes, or more than {@value #MAX} distinct tags, is a 400 {@code validation-failed} problem naming the field
     * ({@code tags[2]} or {@code tags}).
     */
    public static List<String> of(List<String> given) {
        if (given == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String tag = given.get(i) == null ? "" : given.get(i).trim().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(tag).matches()) {
                throw ApiProblem.invalidField("tags[" + i + "]",
                        "use 1 to 32 lower-case letters, digits and dashes, e.g. payments or eu-west");
            }
            tags.add(tag);
        }
        if (tags.size() > MAX) {
            throw ApiProblem.invalidField("tags", "an API has at most " + MAX + " tags, not " + tags.size());
        }
        return List.copyOf(tags);
    }

    /** A tag as someone typed it to filter by (trimmed, lower-cased), or null when it cannot be a tag at all. */
    public static String filter(String given) {
        if (given == null) {
            return null;
        }
        String tag = given.trim().toLowerCase(Locale.ROOT);
        return TAG.matcher(tag).matches() ? tag : null;
    }
}
