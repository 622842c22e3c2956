package io.gatehouse.gateway.upstream;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.Snapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How an API's targets are watched, compiled once per snapshot.
 *
 * @param healthCheck      active health checks, or {@code null} for none
 * @param failureThreshold consecutive failures (connect error, reset, timeout, or an answer whose status is in
 *                         {@code failureStatuses}) that open a target's breaker
 * @param openMs           how long an open breaker rejects before it lets one probe request through
 * @param failureStatuses  upstream answer statuses (5xx) that count as a failure of the target, like a refused
 *                         connection; the answer is still relayed to the client
 */
public record ResilienceSettings(HealthCheckSettings healthCheck, int failureThreshold, long openMs,
                                 Set<Integer> failureStatuses) {

    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final long DEFAULT_OPEN_MS = 10_000;
    /** Gateway-ish answers of an upstream that say "this target cannot serve now". */
    public static final Set<Integer> DEFAULT_FAILURE_STATUSES = Set.of(502, 503, 504);
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(null, DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_MS);

    public ResilienceSettings(HealthCheckSettings healthCheck, int failureThreshold, long openMs) {
        this(healthCheck, failureThreshold, openMs, DEFAULT_FAILURE_STATUSES);
    }

    public ResilienceSettings {
        failureStatuses = failureStatuses == null ? DEFAULT_FAILURE_STATUSES : Set.copyOf(failureStatuses);
        for (int status : failureStatuses) {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("circuitBreaker.failureStatuses must be 5xx statuses, not " + status);
            }
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("circuitBreaker.failureThreshold must be >= 1");
        }
        if (openMs < 100) {
            throw new IllegalArgumentException("circuitBreaker.openMs must be >= 100");
        }
    }

    /** Whether an upstream answer with {@code status} counts against its target. */
    public boolean countsAsFailure(int status) {
        return status >= 500 && failureStatuses.contains(status);
    }

    /**
     * Active health checks: {@code GET path} on each target every {@code intervalMs}; a 2xx/3xx answer within
     * {@code timeoutMs} is a pass. {@code unhealthyThreshold} failed checks in a row take a target out of rotation,
     * {@code healthyThreshold} passes in a row bring it back.
     */
    public record HealthCheckSettings(String path, long intervalMs, long timeoutMs, int healthyThreshold,
                                      int unhealthyThreshold) {

        public HealthCheckSettings {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("healthCheck.path must start with '/'");
            }
            if (intervalMs < 100 || timeoutMs < 10 || timeoutMs > intervalMs * 10) {
                throw new IllegalArgumentException("healthCheck.intervalMs must be >= 100 and timeoutMs >= 10");
            }
            if (healthyThreshold < 1 || unhealthyThreshold < 1) {
                throw new IllegalArgumentException("healthCheck thresholds must be >= 1");
            }
        }
    }

    static final int DEFAULT_CHECK_INTERVAL_MS = 5_000;
    static final int DEFAULT_CHECK_TIMEOUT_MS = 1_000;

    /** An API's {@code healthCheck} and {@code circuitBreaker}; {@link #DEFAULTS} when it sets neither. */
    public static final ApiOption<ResilienceSettings> OPTION = ApiOption.of("circuitBreaker", DEFAULTS,
            ResilienceSettings::of);

    static ResilienceSettings of(Snapshot.Api api) {
        Snapshot.HealthCheck h = api.healthCheck();
        Snapshot.CircuitBreaker b = api.circuitBreaker();
        if (h == null && b == null) {
            return null;
        }
        HealthCheckSettings check = h == null ? null : new HealthCheckSettings(
                h.path() == null ? "/" : h.path(), positiveOr(h.intervalMs(), DEFAULT_CHECK_INTERVAL_MS),
                positiveOr(h.timeoutMs(), DEFAULT_CHECK_TIMEOUT_MS), positiveOr(h.healthyThreshold(), 2),
                positiveOr(h.unhealthyThreshold(), 2));
        return new ResilienceSettings(check,
                b == null ? DEFAULT_FAILURE_THRESHOLD : positiveOr(b.failureThreshold(), DEFAULT_FAILURE_THRESHOLD),
                b == null ? DEFAULT_OPEN_MS : positiveOr(b.openMs(), (int) DEFAULT_OPEN_MS),
                b == null || b.failureStatuses() == null ? DEFAULT_FAILURE_STATUSES : failureStatuses(b.failureStatuses()));
    }

    private static Set<Integer> failureStatuses(List<Integer> statuses) {
        Set<Integer> set = new HashSet<>();
        for (Integer status : statuses) {
            if (status == null) {
                throw new IllegalArgumentException("circuitBreaker.failureStatuses holds a null");
            }
            set.add(status);
        }
        return set;
    }

    private static int positiveOr(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
