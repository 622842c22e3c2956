package io.gatehouse.gateway.policy.jwt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code gatehouse_jwt_requests_total{result}}: what became of requests to APIs that take bearer tokens. */
public final class JwtMetrics {

    private final Counter accepted;
    private final Counter missing;
    private final Counter invalid;
    private final Counter keysUnavailable;
    private final Counter insufficientScope;

    public JwtMetrics(MeterRegistry registry) {
        accepted = counter(registry, "accepted");
        missing = counter(registry, "missing");
        invalid = counter(registry, "invalid");
        keysUnavailable = counter(registry, "keys-unavailable");
        insufficientScope = counter(registry, "insufficient-scope");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("gatehouse_jwt_requests").tag("result", result)
                .description("Bearer token checks by result").register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void missing() {
        missing.increment();
    }

    void invalid() {
        invalid.increment();
    }

    void keysUnavailable() {
        keysUnavailable.increment();
    }

    void insufficientScope() {
        insufficientScope.increment();
    }
}
