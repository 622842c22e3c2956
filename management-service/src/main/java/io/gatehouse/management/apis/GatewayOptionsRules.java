package io.gatehouse.management.apis;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of {@link GatewayOptions} that Bean Validation cannot express. Each failure names the
 * field as the client sent it ({@code ipAccess.deny[1]}, {@code cors.allowedOrigins[0]},
 * {@code requestHeaders.set.Host}), so a person can fix it; all failures are reported at once.
 */
final class GatewayOptionsRules {

    /** RFC 9110 token: what a header name or method may be. */
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");
    private static final Pattern METHOD = Pattern.compile("^[A-Z]+$");
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");
    /** Headers a transform may not touch: they frame the message or address the upstream (the gateway owns them). */
    private static final Set<String> PROTECTED_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "te", "trailer", "upgrade", "host");

    private GatewayOptionsRules() {
    }

    static void check(GatewayOptions.ApiOptions o) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (o.healthCheck() != null && o.healthCheck().path() != null && !o.healthCheck().path().startsWith("/")) {
            errors.add(new Problem.FieldError("healthCheck.path", "must start with /"));
        }
        if (o.circuitBreaker() != null && o.circuitBreaker().failureStatuses() != null) {
            List<Integer> statuses = o.circuitBreaker().failureStatuses();
            for (int i = 0; i < statuses.size(); i++) {
                Integer status = statuses.get(i);
                if (status == null || status < 500 || status > 599) {
                    errors.add(new Problem.FieldError("circuitBreaker.failureStatuses[" + i + "]",
                            "must be a 5xx status (500–599)"));
                }
            }
        }
        if (o.cors() != null) {
            cors(o.cors(), errors);
        }
        if (o.ipAccess() != null) {
            addresses("ipAccess.allow", o.ipAccess().allow(), errors);
            addresses("ipAccess.deny", o.ipAccess().deny(), errors);
        }
        if (o.auth() != null) {
            auth(o.auth(), errors);
        }
        if (o.accessLog() != null) {
            accessLog(o.accessLog(), errors);
        }
        scrubHeaders(o.scrubHeaders(), errors);
        refuse(errors);
    }

    /** Header names, each once; framing and hop-by-hop headers are the gateway's and cannot be removed. */
    private static void scrubHeaders(List<String> names, List<Problem.FieldError> errors) {
        if (names == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String problem = headerNameProblem(name);
            if (problem == null && !seen.add(name.toLowerCase(Locale.ROOT))) {
                problem = "is named twice";
            }
            if (problem != null) {
                errors.add(new Problem.FieldError("scrubHeaders[" + i + "]", problem));
            }
        }
    }

    private static void accessLog(GatewayOptions.AccessLog log, List<Problem.FieldError> errors) {
        Double rate = log.sampleRate();
        if (rate != null && !(rate >= 0.0 && rate <= 1.0)) {
            // Written so that NaN fails too.
            errors.add(new Problem.FieldError("accessLog.sampleRate", "must be between 0 and 1 (0.1: one request in ten)"));
        } else if (rate != null && Boolean.FALSE.equals(log.enabled())) {
            errors.add(new Problem.FieldError("accessLog.sampleRate",
                    "has no effect while accessLog.enabled is false: remove one of them"));
        }
    }

    static void check(GatewayOptions.RouteOptions o) {
        List<Problem.FieldError> errors = new ArrayList<>();
        headerEdits("requestHeaders", o.requestHeaders(), errors);
        headerEdits("responseHeaders", o.responseHeaders(), errors);
        each("requiredScopes", o.requiredScopes(), errors, GatewayOptionsRules::isScope,
                "must be a scope token (printable ASCII without spaces, quotes or backslashes)");
        if (o.compose() != null) {
            compose(o.compose(), errors);
            if (o.cache() != null) {
                errors.add(new Problem.FieldError("cache", "a composition route cannot be cached"));
            }
        }
        refuse(errors);
    }

    private static final Pattern PART_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private static void compose(GatewayOptions.Compose c, List<Problem.FieldError> errors) {
        List<GatewayOptions.ComposePart> parts = c.parts() == null ? List.of() : c.parts();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            GatewayOptions.ComposePart p = parts.get(i);
            if (p == null) {
                continue;
            }
            String field = "compose.parts[" + i + "]";
            if (p.name() != null && !PART_NAME.matcher(p.name()).matches()) {
                errors.add(new Problem.FieldError(field + ".name", "must be 1-64 letters, digits, - or _"));
            } else if (p.name() != null && !names.add(p.name())) {
                errors.add(new Problem.FieldError(field + ".name", "is used by another part"));
            }
            if (p.method() != null && !p.method().equals("GET")) {
                errors.add(new Problem.FieldError(field + ".method", "must be GET"));
            }
            if (p.url() != null && !isPartUrl(p.url())) {
                errors.add(new Problem.FieldError(field + ".url",
                        "must be http(s)://host[:port]/path[?query] (port 1-65535) or a path starting with /"));
            }
        }
    }

    /** An absolute http(s) URL with a host and no fragment or user info, or a path starting with {@code /}. */
    static boolean isPartUrl(String url) {
        if (url.isBlank() || url.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7f) || url.indexOf('#') >= 0) {
            return false;
        }
        if (url.startsWith("/")) {
            return !url.startsWith("//");
        }
        return isHttpUrl(url);
    }

    private static void auth(GatewayOptions.Auth a, List<Problem.FieldError> errors) {
        if (Boolean.FALSE.equals(a.apiKeys()) && a.jwt() == null) {
            errors.add(new Problem.FieldError("auth.apiKeys", "an API needs a credential: keep API keys or set auth.jwt"));
        }
        GatewayOptions.Jwt jwt = a.jwt();
        if (jwt == null) {
            return;
        }
        if (jwt.jwksUrl() != null && !jwt.jwksUrl().isBlank() && !isHttpUrl(jwt.jwksUrl())) {
            errors.add(new Problem.FieldError("auth.jwt.jwksUrl", "must be an absolute http or https URL (port 1-65535)"));
        }
        each("auth.jwt.audiences", jwt.audiences(), errors, s -> s != null && !s.isBlank() && s.length() <= 2000,
                "must be a non-blank audience");
        if (jwt.applicationClaim() != null && !TOKEN.matcher(jwt.applicationClaim()).matches()) {
            errors.add(new Problem.FieldError("auth.jwt.applicationClaim", "must be a claim name, e.g. azp or client_id"));
        }
    }

    /** RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E. */
    static boolean isScope(String scope) {
        if (scope == null || scope.isEmpty() || scope.length() > 200) {
            return false;
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null && validPort(uri.getPort());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** No port ({@code -1}), or a TCP port: {@code java.net.URI} takes {@code :70000} and {@code :0} as well. */
    static boolean validPort(int port) {
        return port == -1 || (port >= 1 && port <= 65535);
    }

    private static void refuse(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new ApiProblem(ProblemType.VALIDATION_FAILED, detail, List.copyOf(errors));
        }
    }

    private static void cors(GatewayOptions.Cors c, List<Problem.FieldError> errors) {
        List<String> origins = c.allowedOrigins() == null ? List.of() : c.allowedOrigins();
        for (int i = 0; i < origins.size(); i++) {
            if (!isOrigin(origins.get(i))) {
                errors.add(new Problem.FieldError("cors.allowedOrigins[" + i + "]",
                        "must be * or scheme://host[:port] (http or https, no path)"));
            }
        }
        if (Boolean.TRUE.equals(c.allowCredentials()) && origins.contains("*")) {
            errors.add(new Problem.FieldError("cors.allowCredentials", "is not allowed with the origin *"));
        }
        each("cors.allowedMethods", c.allowedMethods(), errors,
                m -> m != null && METHOD.matcher(m).matches(), "must be an upper-case HTTP method");
        each("cors.allowedHeaders", c.allowedHeaders(), errors,
                h -> h != null && (h.equals("*") || TOKEN.matcher(h).matches()), "must be a header name or *");
        each("cors.exposedHeaders", c.exposedHeaders(), errors,
                h -> h != null && TOKEN.matcher(h).matches(), "must be a header name");
    }

    static boolean isOrigin(String origin) {
        if (origin == null) {
            return false;
        }
        if (origin.equals("*")) {
            return true;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && origin.equals(origin.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void addresses(String field, List<String> blocks, List<Problem.FieldError> errors) {
        each(field, blocks, errors, GatewayOptionsRules::isCidr, "must be an IPv4 or IPv6 address or CIDR block");
    }

    /** An IPv4 or IPv6 address, optionally with a prefix length; literals only, never a host name. */
    static boolean isCidr(String block) {
        if (block == null || block.isBlank()) {
            return false;
        }
        String[] parts = block.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        String address = parts[0];
        int maxPrefix;
        if (IPV4.matcher(address).matches()) {
            maxPrefix = 32;
        } else if (address.contains(":") && IPV6.matcher(address).matches()) {
            try {
                // A literal containing ':' is never looked up in DNS.
                if (!(java.net.InetAddress.getByName(address) instanceof java.net.Inet6Address)) {
                    return false;
                }
            } catch (java.net.UnknownHostException e) {
                return false;
            }
            maxPrefix = 128;
        } else {
            return false;
        }
        if (parts.length == 1) {
            return true;
        }
        if (!parts[1].matches("^\\d{1,3}$")) {
            return false;
        }
        return Integer.parseInt(parts[1]) <= maxPrefix;
    }

    private static void headerEdits(String field, GatewayOptions.HeaderEdits edits, List<Problem.FieldError> errors) {
        if (edits == null) {
            return;
        }
        List<String> remove = edits.remove() == null ? List.of() : edits.remove();
        for (int i = 0; i < remove.size(); i++) {
            String problem = headerNameProblem(remove.get(i));
            if (problem != null) {
                errors.add(new Problem.FieldError(field + ".remove[" + i + "]", problem));
            }
        }
        headerValues(field + ".set", edits.set(), errors);
        headerValues(field + ".add", edits.add(), errors);
    }

    private static void headerValues(String field, Map<String, String> headers, List<Problem.FieldError> errors) {
        if (headers == null) {
            return;
        }
        headers.forEach((name, value) -> {
            String problem = headerNameProblem(name);
            if (problem == null && value == null) {
                problem = "needs a value";
            } else if (problem == null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0)) {
                problem = "the value may not contain line breaks";
            }
            if (problem != null) {
                errors.add(new Problem.FieldError(field + "." + name, problem));
            }
        });
    }

    private static String headerNameProblem(String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            return "must be a header name";
        }
        if (PROTECTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return name + " is managed by the gateway and cannot be edited";
        }
        return null;
    }

    private static void each(String field, List<String> values, List<Problem.FieldError> errors,
                             java.util.function.Predicate<String> valid, String message) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!valid.test(values.get(i))) {
                errors.add(new Problem.FieldError(field + "[" + i + "]", message));
            }
        }
    }
}
