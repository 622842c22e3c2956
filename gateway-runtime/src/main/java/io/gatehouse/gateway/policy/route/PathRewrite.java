package io.gatehouse.gateway.policy.route;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's path rewrite, compiled once per snapshot: the path after the route's prefix must match {@code pattern}
 * in full and is replaced by {@code replacement} ({@code $1} … groups). A path that does not match is forwarded
 * without the prefix, as with strip-prefix. Per request it costs one {@link Matcher} and the new string.
 */
public final class PathRewrite {

    private final Pattern pattern;
    private final String replacement;

    private PathRewrite(Pattern pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
    }

    /**
     * Compiles a rewrite.
     *
     * @throws IllegalArgumentException for a pattern that does not compile, or a replacement naming a missing group
     */
    public static PathRewrite of(String pattern, String replacement) {
        Objects.requireNonNull(pattern, "rewrite without a pattern");
        Objects.requireNonNull(replacement, "rewrite without a replacement");
        if (replacement.indexOf('?') >= 0 || replacement.indexOf('#') >= 0) {
            throw new IllegalArgumentException("rewrite replacement may not hold '?' or '#'");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("rewrite pattern does not compile: " + e.getDescription());
        }
        // Fails now, not on a request, when the replacement names a group the pattern lacks.
        Matcher probe = compiled.matcher("");
        int groups = probe.groupCount();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$') {
                char next = i + 1 < replacement.length() ? replacement.charAt(i + 1) : ' ';
                if (next < '0' || next > '9' || next - '0' > groups) {
                    throw new IllegalArgumentException("rewrite replacement refers to a group the pattern does not have");
                }
            }
        }
        return new PathRewrite(compiled, replacement);
    }

    /** The path to forward for {@code rest}, the request path after the prefix ({@code ""} or starting with '/'). */
    public String apply(String rest) {
        Matcher m = pattern.matcher(rest);
        if (!m.matches()) {
            return rest;
        }
        StringBuilder out = new StringBuilder(rest.length() + replacement.length());
        m.appendReplacement(out, replacement);
        if (out.length() > 0 && out.charAt(0) != '/') {
            out.insert(0, '/');
        }
        return out.toString();
    }

    public String pattern() {
        return pattern.pattern();
    }

    public String replacement() {
        return replacement;
    }
}
