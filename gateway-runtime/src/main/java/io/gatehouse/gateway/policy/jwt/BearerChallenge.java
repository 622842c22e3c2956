package io.gatehouse.gateway.policy.jwt;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@code WWW-Authenticate} values of RFC 6750 §3 that the gateway sends. */
public final class BearerChallenge {

    public static final String HEADER = "WWW-Authenticate";
    /** No token was sent (§3.1: no error code then). */
    public static final String MISSING = "Bearer realm=\"gatehouse\"";

    private BearerChallenge() {
    }

    public static Map<String, String> missing() {
        return Map.of(HEADER, MISSING);
    }

    /** {@code error="invalid_token"} with {@code description}, a fixed sentence without quotes or backslashes. */
    public static Map<String, String> invalidToken(String description) {
        return Map.of(HEADER, MISSING + ", error=\"invalid_token\", error_description=\"" + safe(description) + "\"");
    }

    /** {@code error="insufficient_scope"} naming the scopes the route requires. */
    public static Map<String, String> insufficientScope(Set<String> required) {
        return Map.of(HEADER, MISSING + ", error=\"insufficient_scope\", error_description=\"The token lacks a scope "
                + "this route requires\", scope=\"" + String.join(" ", new TreeSet<>(required)) + "\"");
    }

    /** RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in error_description. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? c : ' ');
        }
        return out.toString();
    }
}
