package io.gatehouse.gateway.support;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Keys generated in the test and tokens signed with them, the way an OIDC issuer would. */
public final class TestTokens {

    private TestTokens() {
    }

    public static PublicJsonWebKey rsa(String kid) {
        try {
            PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PublicJsonWebKey ec(String kid) {
        try {
            PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK set of {@code keys}, as an issuer serves it (no private parts). */
    public static String jwks(PublicJsonWebKey... keys) {
        return new JsonWebKeySet(List.<JsonWebKey>of(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** Claims of a good token: the test issuer, the test audience, client {@code azp}, valid for five minutes. */
    public static JwtClaims claims(String azp) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(IssuerDouble.ISSUER);
        claims.setAudience(TestSnapshots.AUDIENCE);
        claims.setSubject("user-1");
        claims.setClaim("azp", azp);
        claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(300).getEpochSecond()));
        return claims;
    }

    /** A good token of client {@code azp} signed by {@code key}, after {@code edit} changed its claims. */
    public static String sign(PublicJsonWebKey key, String azp, Consumer<JwtClaims> edit) {
        JwtClaims claims = claims(azp);
        edit.accept(claims);
        return sign(key, key.getKeyId(), claims);
    }

    public static String sign(PublicJsonWebKey key, String kid, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(key.getKeyType().equals("EC")
                ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 : AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic confusion attack: HS256 with the issuer's public key bytes as the HMAC secret. */
    public static String hmacWithPublicKey(PublicJsonWebKey key, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(new HmacKey(key.getPublicKey().getEncoded()));
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}). */
    public static String unsigned(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
