package io.gatehouse.gateway.policy.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How many bad API keys one client address may present before it is answered 429 ({@code gatehouse.gateway.bad-credentials.*},
 * env {@code GATEHOUSE_GATEWAY_BAD_CREDENTIALS_*}). Node-local: each gateway node counts on its own.
 */
@ConfigMapping(prefix = "gatehouse.gateway.bad-credentials")
public interface BadCredentialSettings {

    /** Bad keys (unknown, revoked, expired) one client address may present per {@link #window()}; {@code 0} turns the throttle off. */
    @WithDefault("20")
    int perIp();

    /** The window the budget counts over; it starts at an address's first bad key. */
    @WithDefault("10s")
    Duration window();

    /** The most client addresses counted at once; beyond it the least recently seen are forgotten. */
    @WithDefault("100000")
    int maxAddresses();
}
