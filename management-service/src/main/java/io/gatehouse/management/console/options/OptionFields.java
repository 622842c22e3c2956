package io.gatehouse.management.console.options;

import io.gatehouse.management.console.ConsoleForms;
import io.gatehouse.management.problem.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the string fields of a console form into typed values, remembering what the person typed
 * (to show it again next to the errors) and what could not even be read (a word in a number
 * field). Field names are the JSON paths of the admin API ({@code healthCheck.intervalMs}), so an
 * error the service reports lands next to the field that caused it.
 */
public final class OptionFields {

    /** Typed in a list of statuses: an empty list, not the default. */
    static final String NONE = "none";

    private final Map<String, String> typed = new LinkedHashMap<>();
    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** What the person typed, field by field. */
    public Map<String, String> typed() {
        return typed;
    }

    /** The fields that could not be read. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    String text(String name, String raw) {
        remember(name, raw);
        return ConsoleForms.text(raw);
    }

    Integer integer(String name, String raw) {
        Long n = whole(name, raw);
        if (n != null && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
            errors.add(new Problem.FieldError(name, "is too large"));
            return null;
        }
        return n == null ? null : n.intValue();
    }

    Long whole(String name, String raw) {
        String v = text(name, raw);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(name, "must be a whole number"));
            return null;
        }
    }

    /** A checkbox: ticked is true, else null (the gateway's default, false). */
    Boolean flag(String name, String raw) {
        boolean on = ConsoleForms.checked(raw);
        typed.put(name, on ? "true" : "");
        return on ? Boolean.TRUE : null;
    }

    /** One item per line (blank lines ignored); null when there is none. */
    List<String> lines(String name, String raw) {
        remember(name, raw);
        List<String> items = new ArrayList<>();
        if (raw != null) {
            raw.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(items::add);
        }
        return items.isEmpty() ? null : items;
    }

    /** Items separated by commas or spaces ({@code GET, POST}); null when there is none. */
    List<String> list(String name, String raw) {
        remember(name, raw);
        List<String> items = new ArrayList<>();
        if (raw != null) {
            for (String item : raw.split("[,\\s]+")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items.isEmpty() ? null : items;
    }

    /** Items separated by spaces or line breaks (scope tokens may contain commas); null when there is none. */
    List<String> words(String name, String raw) {
        remember(name, raw);
        List<String> items = new ArrayList<>();
        if (raw != null) {
            for (String item : raw.trim().split("\\s+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items.isEmpty() ? null : items;
    }

    /**
     * HTTP statuses separated by commas or spaces ({@code 502, 503}); {@code none} is the empty list; null when
     * nothing was typed (the default). An item that is not a number is an error at the field, saying which.
     */
    List<Integer> statuses(String name, String raw) {
        String v = ConsoleForms.text(raw);
        if (v != null && v.equalsIgnoreCase(NONE)) {
            remember(name, raw);
            return List.of();
        }
        List<String> items = list(name, raw);
        if (items == null) {
            return null;
        }
        List<Integer> statuses = new ArrayList<>();
        for (String item : items) {
            try {
                statuses.add(Integer.parseInt(item));
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError(name, item + " is not a status: write numbers like 502, 503, or none"));
            }
        }
        return statuses;
    }

    /** Header lines {@code Name: value}, in order; null when there is none. A name twice is an error. */
    Map<String, String> headers(String name, String raw) {
        remember(name, raw);
        Map<String, String> headers = new LinkedHashMap<>();
        if (raw == null) {
            return null;
        }
        List<String> rows = raw.lines().toList();
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i).trim();
            if (row.isEmpty()) {
                continue;
            }
            int colon = row.indexOf(':');
            if (colon <= 0) {
                errors.add(new Problem.FieldError(name, "line " + (i + 1) + ": write one header per line as Name: value"));
                continue;
            }
            String header = row.substring(0, colon).trim();
            if (headers.containsKey(header)) {
                errors.add(new Problem.FieldError(name, "line " + (i + 1) + ": " + header + " is given twice"));
                continue;
            }
            headers.put(header, row.substring(colon + 1).trim());
        }
        return headers.isEmpty() ? null : headers;
    }

    private void remember(String name, String raw) {
        typed.put(name, raw == null ? "" : raw);
    }
}
