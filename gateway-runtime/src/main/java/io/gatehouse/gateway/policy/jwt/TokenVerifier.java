package io.gatehouse.gateway.policy.jwt;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a compact JWS token with jose4j. Pure CPU, no I/O and thread-safe: one instance serves every request.
 * Parsing ({@link #parse}) comes first so the caller can see which key the token needs before it has the keys;
 * {@link #verify} then checks the signature against the issuer's keys, the algorithm, {@code iss}, {@code aud},
 * {@code exp} and {@code nbf}, and takes the client id and scopes.
 *
 * <p>Only asymmetric signature algorithms are accepted: {@code none} and every HMAC algorithm are refused before any
 * key is looked at, so a public key can never be used as an HMAC secret.
 */
public final class TokenVerifier {

    /** The accepted {@code alg} values. */
    public static final Set<String> ALGORITHMS = Set.of(
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);

    /** Tokens longer than this are refused unparsed. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final AlgorithmConstraints CONSTRAINTS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS.toArray(String[]::new));

    /** First pass only: splits and decodes the token; nothing is trusted until {@link #verify}. */
    private static final JwtConsumer PARSER = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();

    private static final VerificationJwkSelector SELECTOR = new VerificationJwkSelector();

    /** A token split and decoded but not yet trusted. */
    public record ParsedToken(JsonWebSignature jws, JwtClaims claims) {

        public String keyId() {
            return jws.getKeyIdHeaderValue();
        }
    }

    /** Decodes {@code token}; refuses what is not a compact JWS with an accepted algorithm. */
    public ParsedToken parse(String token) throws TokenRejected {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected("The bearer token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejected("The token is too large");
        }
        JwtContext context;
        try {
            context = PARSER.process(token);
        } catch (InvalidJwtException e) {
            throw new TokenRejected("The token is not a well-formed JWT");
        }
        List<JsonWebStructure> structures = context.getJoseObjects();
        if (structures.size() != 1 || !(structures.get(0) instanceof JsonWebSignature jws)) {
            throw new TokenRejected("The token must be a signed JWT (JWS)");
        }
        if (!ALGORITHMS.contains(jws.getAlgorithmHeaderValue())) {
            throw new TokenRejected("The token's signing algorithm is not accepted");
        }
        return new ParsedToken(jws, context.getJwtClaims());
    }

    /** The issuer key that can check {@code token}'s signature (by {@code kid}, {@code alg} and key type), or null. */
    public JsonWebKey keyFor(ParsedToken token, List<JsonWebKey> keys) {
        if (keys == null || keys.isEmpty()) {
            return null;
        }
        try {
            return SELECTOR.select(token.jws(), keys);
        } catch (JoseException e) {
            return null;
        }
    }

    /**
     * Checks {@code token} against {@code rules} at {@code now}, with the signature checked against one of
     * {@code keys} (the issuer's current public keys).
     *
     * @throws TokenRejected with a description for {@code error_description}
     */
    public VerifiedToken verify(ParsedToken token, List<JsonWebKey> keys, JwtRules rules, Instant now)
            throws TokenRejected {
        JsonWebKey key = keyFor(token, keys);
        if (key == null) {
            throw new TokenRejected("No signing key of the issuer matches the token");
        }
        JsonWebSignature jws = token.jws();
        try {
            jws.setAlgorithmConstraints(CONSTRAINTS);
            jws.setKey(key.getKey());
            if (!jws.verifySignature()) {
                throw new TokenRejected("The token's signature is not valid");
            }
        } catch (JoseException e) {
            throw new TokenRejected("The token's signature is not valid");
        }
        JwtClaims claims = token.claims();
        try {
            if (!rules.issuer().equals(claims.getIssuer())) {
                throw new TokenRejected("The token's issuer is not accepted");
            }
            List<String> audiences = claims.hasAudience() ? claims.getAudience() : List.of();
            if (audiences.stream().noneMatch(rules.audiences()::contains)) {
                throw new TokenRejected("The token's audience is not accepted");
            }
            NumericDate exp = claims.getExpirationTime();
            if (exp == null) {
                throw new TokenRejected("The token has no expiry (exp)");
            }
            long nowSeconds = now.getEpochSecond();
            if (nowSeconds - rules.clockSkewSeconds() >= exp.getValue()) {
                throw new TokenRejected("The token has expired");
            }
            NumericDate nbf = claims.getNotBefore();
            if (nbf != null && nowSeconds + rules.clockSkewSeconds() < nbf.getValue()) {
                throw new TokenRejected("The token is not valid yet (nbf)");
            }
            String clientId = clientId(claims, rules.applicationClaims());
            if (clientId == null) {
                throw new TokenRejected("The token names no client in " + String.join(" or ", rules.applicationClaims()));
            }
            return new VerifiedToken(clientId, claims.getSubject(), scopes(claims), Instant.ofEpochSecond(exp.getValue()));
        } catch (MalformedClaimException e) {
            throw new TokenRejected("The token has a malformed claim");
        }
    }

    private static String clientId(JwtClaims claims, List<String> names) throws MalformedClaimException {
        for (String name : names) {
            if (claims.hasClaim(name)) {
                String value = claims.getStringClaimValue(name);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
        }
        return null;
    }

    /** {@code scope} is a space-separated string (RFC 8693 §4.2); some issuers send {@code scp} as an array. */
    static Set<String> scopes(JwtClaims claims) throws MalformedClaimException {
        Set<String> scopes = new HashSet<>();
        Object scope = claims.getClaimValue("scope");
        if (scope instanceof String s) {
            addSpaceSeparated(s, scopes);
        }
        Object scp = claims.getClaimValue("scp");
        if (scp instanceof String s) {
            addSpaceSeparated(s, scopes);
        } else if (scp instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isBlank()) {
                    scopes.add(s);
                }
            }
        }
        return scopes;
    }

    private static void addSpaceSeparated(String value, Set<String> into) {
        for (String part : value.split(" ")) {
            if (!part.isEmpty()) {
                into.add(part);
            }
        }
    }
}
