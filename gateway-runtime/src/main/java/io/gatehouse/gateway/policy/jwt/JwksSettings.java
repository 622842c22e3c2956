package io.gatehouse.gateway.policy.jwt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the gateway fetches issuers' signing keys ({@code gatehouse.jwt.*}, env {@code GATEHOUSE_JWT_*}). Which issuer an
 * API trusts comes from the API's {@code auth.jwt} in the snapshot; these only tune the fetching.
 */
@ConfigMapping(prefix = "gatehouse.jwt")
public interface JwksSettings {

    /** The most one JWKS fetch may take (connect to last byte); past it the fetch counts as failed. */
    @WithDefault("2s")
    Duration jwksFetchTimeout();

    /** A JWKS is fetched again for an unknown {@code kid} (or after a failure) at most once per this interval. */
    @WithDefault("5s")
    Duration jwksRefreshMinInterval();

    /** Keys older than this are refreshed in the background while they are still used. */
    @WithDefault("10m")
    Duration jwksMaxAge();

    /** The largest JWKS document accepted, in bytes. */
    @WithDefault("262144")
    int jwksMaxBytes();
}
