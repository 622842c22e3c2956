package io.gatehouse.portal.tryit;

import io.gatehouse.portal.docs.ApiDoc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the gateway request of a try-it form: relay URL + the API's route path + the
 * operation's path with every path parameter percent-encoded as one segment, the query from the
 * operation's query parameters, the operation's header parameters, and the body. Everything
 * that could move the call off the API's route (dot segments, another host, a {@code /} or
 * {@code @} in a value) is encoded or refused, and the result is checked once more.
 */
public final class TryItCalls {

    /** Headers the console never sends from a form: hop-by-hop, framing, and the host. */
    static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-authorization", "proxy-connection",
            "cookie");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** The call, or what is wrong with the form (each a sentence for the page). */
    public record Built(TryItCall call, List<String> errors) {
    }

    private TryItCalls() {
    }

    /**
     * @param relayUrl  the gateway origin the portal calls (from {@link GatewaySettings})
     * @param routePath the API's route path at the gateway
     * @param keyHeader the header the key goes in; a document parameter of that name is not taken from the form
     */
    public static Built build(URI relayUrl, String routePath, String keyHeader, ApiDoc.Operation op, TryItForm form,
                              int maxRequestBytes) {
        List<String> errors = new ArrayList<>();
        String base = relayUrl + GatewaySettings.trimmed(routePath);
        if (routePath == null || !routePath.startsWith("/") || hasDotSegment(routePath)) {
            errors.add("This API has no usable route at the gateway.");
            return new Built(null, errors);
        }
        if (!op.path().startsWith("/") || hasDotSegment(op.path())) {
            errors.add("The documented path of this operation cannot be called from the console.");
            return new Built(null, errors);
        }

        StringBuilder path = new StringBuilder();
        Matcher m = TEMPLATE.matcher(op.path());
        int last = 0;
        while (m.find()) {
            path.append(literal(op.path().substring(last, m.start())));
            String name = m.group(1);
            String value = form.value("path", name);
            if (value.isEmpty()) {
                errors.add("Fill in the path parameter " + name + ".");
            } else if (value.equals(".") || value.equals("..")) {
                errors.add("The path parameter " + name + " cannot be \"" + value + "\".");
            }
            path.append(encode(value));
            last = m.end();
        }
        path.append(literal(op.path().substring(last)));

        List<String> query = new ArrayList<>();
        List<TryItCall.Header> headers = new ArrayList<>();
        for (ApiDoc.Parameter p : op.parameters()) {
            String value = form.value(p.in(), p.name());
            if (p.in().equals("query")) {
                if (!value.isEmpty()) {
                    query.add(encode(p.name()) + "=" + encode(value));
                } else if (p.required()) {
                    errors.add("Fill in the query parameter " + p.name() + ".");
                }
            } else if (p.in().equals("header")) {
                if (p.name().equalsIgnoreCase(keyHeader) || FORBIDDEN_HEADERS.contains(p.name().toLowerCase(Locale.ROOT))
                        || !TOKEN.matcher(p.name()).matches()) {
                    continue;
                }
                if (value.isEmpty()) {
                    if (p.required()) {
                        errors.add("Fill in the header " + p.name() + ".");
                    }
                } else if (!value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
                    errors.add("The header " + p.name() + " may hold only printable ASCII, on one line.");
                } else {
                    headers.add(new TryItCall.Header(p.name(), value.strip()));
                }
            }
        }

        byte[] body = null;
        if (op.requestBody() != null) {
            String text = form.bodyText();
            if (!text.isEmpty()) {
                body = text.getBytes(StandardCharsets.UTF_8);
                if (body.length > maxRequestBytes) {
                    errors.add("The body is larger than " + maxRequestBytes / 1024 + " KiB.");
                }
                String type = contentType(op, form.contentType());
                if (type == null) {
                    errors.add("Choose one of the documented content types for the body.");
                } else {
                    headers.add(new TryItCall.Header("Content-Type", type));
                }
            } else if (op.requestBody().required()) {
                errors.add("This operation needs a request body.");
            }
        }
        if (!errors.isEmpty()) {
            return new Built(null, errors);
        }

        URI uri;
        try {
            uri = new URI(base + path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        } catch (java.net.URISyntaxException e) {
            return new Built(null, List.of("These values do not make a valid address."));
        }
        // Belt and braces: whatever the document or the form said, the call stays on the API's route at the gateway.
        String routePrefix = GatewaySettings.trimmed(routePath);
        if (!uri.getScheme().equals(relayUrl.getScheme()) || !uri.getRawAuthority().equals(relayUrl.getRawAuthority())
                || !uri.getRawPath().startsWith(routePrefix + "/") && !uri.getRawPath().equals(routePrefix)
                || hasDotSegment(uri.getRawPath()) || uri.getRawFragment() != null) {
            return new Built(null, List.of("These values do not make an address on this API."));
        }
        return new Built(new TryItCall(op.method(), uri, headers, body), List.of());
    }

    /** The content type to send: the one chosen when the document lists it, else the document's first. */
    private static String contentType(ApiDoc.Operation op, String chosen) {
        List<String> documented = op.requestBody().media().stream().map(ApiDoc.Media::type)
                .filter(t -> t.chars().allMatch(c -> c > 0x20 && c < 0x7f)).toList();
        if (chosen != null && documented.contains(chosen)) {
            return chosen;
        }
        if (chosen != null && !chosen.isBlank()) {
            return null;
        }
        return documented.isEmpty() ? "application/json" : documented.get(0);
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters: one path segment or query part. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A literal part of a documented path: path characters kept, anything else percent-encoded. */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            out.append(cp < 0x80 && "/:@!$&'()*+,;=".indexOf(cp) >= 0 ? ch : encode(ch));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            String s = segment.toLowerCase(Locale.ROOT);
            if (s.equals(".") || s.equals("..") || s.equals("%2e") || s.equals("%2e%2e") || s.equals(".%2e")
                    || s.equals("%2e.")) {
                return true;
            }
        }
        return false;
    }
}
