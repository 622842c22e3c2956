package io.gatehouse.management.console.options;

import io.gatehouse.management.problem.Problem;
import io.quarkus.qute.TemplateData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A form of the console as a page shows it: the value of each field (stored, or as typed when
 * the form came back with errors) and the errors next to each field. Field names are the admin
 * API's JSON paths; an error on one item of a list ({@code cors.allowedOrigins[1]}) or one header
 * ({@code requestHeaders.set.Host}) is shown at its field, saying which entry.
 *
 * @param prefix   makes element ids unique when a page has several forms with the same fields
 * @param editable false for read-only roles: the page shows values, no inputs
 * @param values   field name → text to show
 * @param errors   every error, as the service reported it
 */
@TemplateData
public record OptionsForm(String prefix, boolean editable, Map<String, String> values, List<Problem.FieldError> errors) {

    private static final Pattern INDEXED = Pattern.compile("^(.*)\\[(\\d+)]$");
    private static final Pattern HEADER = Pattern.compile("^((?:request|response)Headers\\.(?:set|add))\\.(.+)$");

    public static OptionsForm showing(String prefix, boolean editable, Map<String, String> values) {
        return new OptionsForm(prefix, editable, values, List.of());
    }

    public String id(String name) {
        return prefix + name;
    }

    public String value(String name) {
        String v = values.get(name);
        return v == null ? "" : v;
    }

    public boolean checked(String name) {
        return "true".equals(values.get(name));
    }

    /** The errors of this field (and of its entries), joined; null when it has none. */
    public String error(String name) {
        StringBuilder all = new StringBuilder();
        for (Problem.FieldError e : errors) {
            String at = null;
            Matcher indexed = INDEXED.matcher(e.field());
            Matcher header = HEADER.matcher(e.field());
            if (e.field().equals(name)) {
                at = e.message();
            } else if (indexed.matches() && indexed.group(1).equals(name)) {
                at = "entry " + (Integer.parseInt(indexed.group(2)) + 1) + ": " + e.message();
            } else if (header.matches() && header.group(1).equals(name)) {
                at = header.group(2) + ": " + e.message();
            }
            if (at != null) {
                all.append(all.isEmpty() ? "" : "; ").append(at);
            }
        }
        return all.isEmpty() ? null : all.toString();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Field → value, for building forms. */
    static Map<String, String> newValues() {
        return new LinkedHashMap<>();
    }
}
