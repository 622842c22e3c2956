package io.gatehouse.testing.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request the fuzzer sends. {@code mutation} says how it was broken ({@code null}: generated to the schema);
 * {@code forbidden} is true when the schema (or JSON itself) does not allow it, so it must not be accepted.
 */
public record FuzzRequest(ApiOperation operation, String method, String pathAndQuery, Map<String, String> headers,
                          String contentType, String body, String mutation, boolean forbidden) {

    /** A command line that sends the same request again (against {@code base}, auth headers masked). */
    public String curl(String base) {
        StringBuilder b = new StringBuilder("curl -i -X ").append(method).append(" '").append(base).append(pathAndQuery).append('\'');
        headers.forEach((k, v) -> b.append(" -H '").append(k).append(": ")
                .append(k.equalsIgnoreCase("Authorization") ? v.replaceAll("(?<=Bearer ).+", "\\$TOKEN") : v).append('\''));
        if (contentType != null) {
            b.append(" -H 'Content-Type: ").append(contentType).append('\'');
        }
        if (body != null) {
            String shown = body.length() > 2_000 ? body.substring(0, 2_000) + "…(" + body.length() + " chars)" : body;
            b.append(" --data-binary $'").append(escape(shown)).append('\'');
        }
        return b.toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\'' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
