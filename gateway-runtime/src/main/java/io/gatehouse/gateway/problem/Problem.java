package io.gatehouse.gateway.problem;

import java.util.Map;
import java.util.Objects;

/**
 * One gateway-made error answer: what went wrong ({@link GatewayError}), a detail for the
 * client, any headers the answer must carry (e.g. {@code Allow}, {@code WWW-Authenticate}), and
 * RFC 9457 extension members for the body (e.g. when a limit resets). The detail and extensions
 * are shown to clients: never put secrets, keys or stack traces in them.
 */
public record Problem(GatewayError error, String detail, Map<String, String> headers, Map<String, Object> extensions) {

    public Problem {
        Objects.requireNonNull(error, "error");
        detail = detail == null ? error.title() : detail;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
    }

    public static Problem of(GatewayError error, String detail) {
        return new Problem(error, detail, Map.of(), Map.of());
    }

    public static Problem of(GatewayError error, String detail, Map<String, String> headers) {
        return new Problem(error, detail, headers, Map.of());
    }

    public int status() {
        return error.status();
    }
}
