package io.gatehouse.portal.tryit;

import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the partner filled in on an operation's try-it form, except the key: the operation
 * ("METHOD /path" exactly as in the document), parameter values by where they go, the body and
 * its content type. Field names are {@code path.<name>}, {@code query.<name>} and
 * {@code header.<name>}; the key field ({@code key}) never enters this record.
 */
@TemplateData
public record TryItForm(String operation, Map<String, String> path, Map<String, String> query,
                        Map<String, String> headers, String body, String contentType) {

    public static TryItForm of(MultivaluedMap<String, String> form) {
        Map<String, String> path = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            String value = values == null || values.isEmpty() ? "" : values.get(0);
            if (name.startsWith("path.")) {
                path.put(name.substring(5), value);
            } else if (name.startsWith("query.")) {
                query.put(name.substring(6), value);
            } else if (name.startsWith("header.")) {
                headers.put(name.substring(7), value);
            }
        });
        return new TryItForm(form.getFirst("operation"), path, query, headers, form.getFirst("body"),
                form.getFirst("contentType"));
    }

    /** The value given for a parameter ({@code in} is path, query or header), or "". */
    public String value(String in, String name) {
        Map<String, String> values = switch (in) {
            case "path" -> path;
            case "query" -> query;
            case "header" -> headers;
            default -> Map.of();
        };
        String v = values.get(name);
        return v == null ? "" : v;
    }

    /** The body given, or "". */
    public String bodyText() {
        return body == null ? "" : body;
    }
}
