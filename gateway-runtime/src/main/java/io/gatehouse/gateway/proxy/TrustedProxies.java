package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.config.GatewaySettings;
import io.gatehouse.gateway.policy.access.IpRange;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The proxies in front of the gateway whose {@code X-Forwarded-*} and {@code Forwarded} headers are believed
 * ({@code gatehouse.gateway.trusted-proxies}, CIDR blocks, default none), parsed once at start.
 */
@Singleton
public class TrustedProxies {

    private final List<IpRange> ranges;

    public TrustedProxies(GatewaySettings settings) {
        List<IpRange> parsed;
        try {
            parsed = IpRange.parseAll(settings.gateway().trustedProxies().orElse(List.of()).stream()
                    .filter(s -> !s.isBlank()).toList());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.gateway.trusted-proxies (GATEHOUSE_GATEWAY_TRUSTED_PROXIES): "
                    + e.getMessage(), e);
        }
        this.ranges = parsed;
    }

    /** The client chain of a request from {@code peer}. */
    public ClientChain resolve(String peer, MultiMap headers) {
        return ClientChain.resolve(peer, headers, ranges);
    }
}
