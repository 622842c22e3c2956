package io.gatehouse.gateway;

import io.gatehouse.gateway.accesslog.AccessLogRule;
import io.gatehouse.gateway.cache.CacheConfig;
import io.gatehouse.gateway.cache.CachePolicy;
import io.gatehouse.gateway.cache.ResponseCache;
import io.gatehouse.gateway.cache.SharedCache;
import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.config.FleetSize;
import io.gatehouse.gateway.config.GatewaySettings;
import io.gatehouse.gateway.config.SnapshotCompiler;
import io.gatehouse.gateway.pipeline.PolicyChain;
import io.gatehouse.gateway.policy.access.IpAccessPolicy;
import io.gatehouse.gateway.policy.auth.ApiKeyHasher;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.auth.BadCredentialSettings;
import io.gatehouse.gateway.policy.auth.BadCredentialThrottle;
import io.gatehouse.gateway.policy.cors.CorsPolicy;
import io.gatehouse.gateway.policy.cors.CorsPreflightPolicy;
import io.gatehouse.gateway.policy.jwt.JwksCache;
import io.gatehouse.gateway.policy.jwt.JwksSettings;
import io.gatehouse.gateway.policy.jwt.JwtMetrics;
import io.gatehouse.gateway.policy.jwt.JwtPolicy;
import io.gatehouse.gateway.policy.jwt.ScopePolicy;
import io.gatehouse.gateway.policy.jwt.TokenVerifier;
import io.gatehouse.gateway.policy.lifecycle.DeprecationPolicy;
import io.gatehouse.gateway.policy.ratelimit.MicrometerRateLimitMetrics;
import io.gatehouse.gateway.policy.ratelimit.RateLimitPolicy;
import io.gatehouse.gateway.policy.ratelimit.RateLimitSettings;
import io.gatehouse.gateway.policy.ratelimit.RateLimiter;
import io.gatehouse.gateway.policy.ratelimit.RedisLimitStore;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.policy.scrub.ScrubHeadersPolicy;
import io.gatehouse.gateway.policy.subscription.SubscriptionPolicy;
import io.gatehouse.gateway.proxy.ProxyForwarder;
import io.gatehouse.gateway.proxy.UnsafeHeaders;
import io.gatehouse.gateway.proxy.UpstreamAddressGuard;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the gateway's collaborators. The order of the policy chain is decided here, and only here. */
public class GatewayWiring {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ApiKeyHasher apiKeyHasher(GatewaySettings settings) {
        if (settings.keyPepper() == null || settings.keyPepper().isBlank()) {
            throw new IllegalStateException("gatehouse.key-pepper is not set: set GATEHOUSE_KEY_PEPPER to "
                    + "the pepper management hashes API keys with");
        }
        return new ApiKeyHasher(settings.keyPepper());
    }

    @Produces
    @Singleton
    RateLimiter rateLimiter(Vertx vertx, GatewaySettings settings, RateLimitSettings limits, Clock clock,
                            MeterRegistry registry, FleetSize fleet) {
        // The limiter's own connections, one per event loop (LoopConnections says why), to the Redis the
        // Quarkus client is configured for: standalone, cluster or sentinel alike (RedisTopology).
        io.vertx.redis.client.RedisOptions where = io.gatehouse.gateway.redis.RedisTopology
                .of(org.eclipse.microprofile.config.ConfigProvider.getConfig()).options();
        RedisLimitStore store = new RedisLimitStore(new io.gatehouse.gateway.redis.LoopConnections(vertx, where,
                limits.storeTimeout().toMillis(), Math.max(limits.storeTimeout().toMillis(), limits.storeMaxWait().toMillis())));
        return new RateLimiter(store, settings.redisNamespace(), clock, System::nanoTime, limits.limiterSettings(),
                new MicrometerRateLimitMetrics(registry), fleet::liveNodes);
    }

    @Produces
    @Singleton
    UpstreamAddressGuard upstreamAddressGuard(GatewaySettings settings, MeterRegistry registry) {
        return new UpstreamAddressGuard(settings.upstreams().allowPrivate(), registry);
    }

    @Produces
    @Singleton
    JwksCache jwksCache(Vertx vertx, JwksSettings settings, MeterRegistry registry, UpstreamAddressGuard guard) {
        return new JwksCache(vertx, settings, registry, guard);
    }

    @Produces
    @Singleton
    SharedCache sharedCache(Redis redis, Vertx vertx, GatewaySettings settings, CacheConfig cache, MeterRegistry registry) {
        return new SharedCache(redis, vertx, settings.redisNamespace(), cache.shared(), registry, System::nanoTime);
    }

    @Produces
    @Singleton
    JwtMetrics jwtMetrics(MeterRegistry registry) {
        return new JwtMetrics(registry);
    }

    @Produces
    @Singleton
    BadCredentialThrottle badCredentialThrottle(BadCredentialSettings settings, Clock clock, MeterRegistry registry) {
        return BadCredentialThrottle.of(settings, clock, registry);
    }

    @Produces
    @Singleton
    PolicyChain policyChain(ApiKeyHasher hasher, Clock clock, RateLimiter limiter, ResponseCache cache, JwksCache jwks,
                            JwtMetrics jwtMetrics, BadCredentialThrottle badCredentials, ProxyForwarder forwarder) {
        return new PolicyChain(List.of(
                new CorsPreflightPolicy(),
                new RoutePolicy(),
                new DeprecationPolicy(),
                new ScrubHeadersPolicy(),
                new IpAccessPolicy(),
                new CorsPolicy(),
                new JwtPolicy(jwks, new TokenVerifier(), clock, jwtMetrics, badCredentials),
                new ApiKeyPolicy(hasher, clock, badCredentials),
                new ScopePolicy(jwtMetrics),
                new SubscriptionPolicy(),
                new RateLimitPolicy(limiter, clock),
                new CachePolicy(cache, forwarder)));
    }

    /**
     * Compiles snapshots with the per-API options of the policies in the chain (each policy lists its own, see
     * {@link ApiOptionOwner}) and those the proxy, the upstream health and the access log read.
     */
    @Produces
    @Singleton
    SnapshotCompiler snapshotCompiler(PolicyChain chain) {
        List<ApiOption<?>> options = new ArrayList<>(ApiOptionOwner.optionsOf(chain.policies()));
        options.addAll(List.of(ResilienceSettings.OPTION, UnsafeHeaders.FORWARD, AccessLogRule.OPTION));
        return new SnapshotCompiler(options);
    }
}
