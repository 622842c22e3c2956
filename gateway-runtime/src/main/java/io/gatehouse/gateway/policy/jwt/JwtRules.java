package io.gatehouse.gateway.policy.jwt;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one API checks bearer tokens, compiled once per snapshot from its {@code auth.jwt}.
 *
 * @param issuer            the exact {@code iss} a token must carry
 * @param jwksUrl           where the issuer publishes its signing keys (http or https)
 * @param audiences         a token's {@code aud} must name at least one of these
 * @param applicationClaims claims tried in order for the OAuth client id that names the application
 * @param clockSkewSeconds  leeway on {@code exp} and {@code nbf}, 0–300
 */
public record JwtRules(String issuer, String jwksUrl, Set<String> audiences, List<String> applicationClaims,
                       int clockSkewSeconds) {

    public static final List<String> DEFAULT_APPLICATION_CLAIMS = List.of("azp", "client_id");
    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 30;
    public static final int MAX_CLOCK_SKEW_SECONDS = 300;

    public JwtRules {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("jwt.issuer is required");
        }
        if (jwksUrl == null || !isHttpUrl(jwksUrl)) {
            throw new IllegalArgumentException("jwt.jwksUrl must be an absolute http or https URL");
        }
        if (audiences == null || audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new IllegalArgumentException("jwt.audiences needs at least one non-blank audience");
        }
        if (applicationClaims == null || applicationClaims.isEmpty()
                || applicationClaims.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new IllegalArgumentException("jwt.applicationClaim must be a claim name");
        }
        if (clockSkewSeconds < 0 || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
            throw new IllegalArgumentException("jwt.clockSkewSeconds must be 0.." + MAX_CLOCK_SKEW_SECONDS);
        }
        audiences = Set.copyOf(new LinkedHashSet<>(audiences));
        applicationClaims = List.copyOf(applicationClaims);
    }

    /**
     * Compiles the snapshot's fields: a null {@code applicationClaim} means {@code azp}, then {@code client_id};
     * a null {@code clockSkewSeconds} means 30.
     */
    public static JwtRules of(String issuer, String jwksUrl, List<String> audiences, String applicationClaim,
                              Integer clockSkewSeconds) {
        return new JwtRules(issuer, jwksUrl == null ? null : jwksUrl.trim(),
                audiences == null ? Set.of() : new LinkedHashSet<>(audiences),
                applicationClaim == null || applicationClaim.isBlank() ? DEFAULT_APPLICATION_CLAIMS
                        : List.of(applicationClaim.trim()),
                clockSkewSeconds == null ? DEFAULT_CLOCK_SKEW_SECONDS : clockSkewSeconds);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
