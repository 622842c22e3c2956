package io.gatehouse.gateway.policy.cors;

import io.gatehouse.gateway.config.ApiOption;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CORS rules of one API, compiled once per snapshot with the header values prepared, so answering costs
 * set lookups only.
 */
public final class CorsRules {

    static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final Set<String> methods;
    private final boolean anyHeader;
    private final Set<String> headers;
    private final String allowMethods;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final boolean credentials;
    private final String maxAge;

    private CorsRules(boolean anyOrigin, Set<String> origins, Set<String> methods, boolean anyHeader,
                      Set<String> headers, String exposeHeaders, boolean credentials, int maxAgeSeconds) {
        this.anyOrigin = anyOrigin;
        this.origins = Set.copyOf(origins);
        this.methods = Set.copyOf(methods);
        this.anyHeader = anyHeader;
        this.headers = Set.copyOf(headers);
        this.allowMethods = String.join(", ", methods);
        this.allowHeaders = String.join(", ", headers);
        this.exposeHeaders = exposeHeaders;
        this.credentials = credentials;
        this.maxAge = maxAgeSeconds > 0 ? Integer.toString(maxAgeSeconds) : null;
    }

    /** Compiles snapshot values; throws {@link IllegalArgumentException} with a readable message. */
    public static CorsRules of(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                               List<String> exposedHeaders, Boolean allowCredentials, Integer maxAgeSeconds) {
        if (allowedOrigins == null || allowedOrigins.isEmpty()) {
            throw new IllegalArgumentException("cors needs at least one allowedOrigins entry");
        }
        boolean anyOrigin = false;
        Set<String> origins = new LinkedHashSet<>();
        for (String o : allowedOrigins) {
            String origin = o == null ? "" : o.trim();
            if (origin.equals("*")) {
                anyOrigin = true;
            } else if (origin.matches("https?://[^/\\s]+")) {
                origins.add(origin.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("cors origin must be '*' or scheme://host[:port]: '" + o + "'");
            }
        }
        boolean credentials = Boolean.TRUE.equals(allowCredentials);
        if (anyOrigin && credentials) {
            throw new IllegalArgumentException("cors cannot allow credentials for any origin ('*')");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String m : allowedMethods == null || allowedMethods.isEmpty() ? DEFAULT_METHODS : allowedMethods) {
            methods.add(m.trim().toUpperCase(Locale.ROOT));
        }
        boolean anyHeader = false;
        Set<String> headers = new LinkedHashSet<>();
        for (String h : allowedHeaders == null ? List.<String>of() : allowedHeaders) {
            if (h.trim().equals("*")) {
                anyHeader = true;
            } else {
                headers.add(h.trim().toLowerCase(Locale.ROOT));
            }
        }
        String expose = exposedHeaders == null || exposedHeaders.isEmpty() ? null : String.join(", ", exposedHeaders);
        return new CorsRules(anyOrigin, origins, methods, anyHeader, headers, expose, credentials,
                maxAgeSeconds == null ? 0 : maxAgeSeconds);
    }

    public boolean allowsOrigin(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    public boolean allowsMethod(String method) {
        return methods.contains(method);
    }

    /** True if every header named in an {@code Access-Control-Request-Headers} value is allowed. */
    public boolean allowsHeaders(String requested) {
        if (requested == null || requested.isBlank() || anyHeader) {
            return true;
        }
        for (String h : requested.split(",")) {
            String name = h.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** The {@code Access-Control-Allow-Origin} value for an allowed {@code origin}. */
    public String allowOrigin(String origin) {
        return anyOrigin && !credentials ? "*" : origin;
    }

    /** Whether answers vary by {@code Origin} (always, unless every origin gets {@code *}). */
    public boolean variesByOrigin() {
        return !(anyOrigin && !credentials);
    }

    public String allowMethods() {
        return allowMethods;
    }

    /** The value of {@code Access-Control-Allow-Headers} for a preflight that asked for {@code requested}. */
    public String allowHeaders(String requested) {
        return anyHeader ? (requested == null ? "" : requested) : allowHeaders;
    }

    public String exposeHeaders() {
        return exposeHeaders;
    }

    public boolean credentials() {
        return credentials;
    }

    public String maxAge() {
        return maxAge;
    }

    /** An API's {@code cors}; {@code null} (the default) when the API does not do CORS at the gateway. */
    public static final ApiOption<CorsRules> OPTION = ApiOption.of("cors", null, api -> api.cors() == null ? null
            : of(api.cors().allowedOrigins(), api.cors().allowedMethods(), api.cors().allowedHeaders(),
                    api.cors().exposedHeaders(), api.cors().allowCredentials(), api.cors().maxAgeSeconds()));
}
