package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.subscription.Subscription;
import io.gatehouse.gateway.policy.subscription.SubscriptionPolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enforces the limits and quotas of the subscription's plan. Continues with the rate limit
 * headers on the response; denies with 429 ({@code rate-limited} or {@code quota-exceeded}, never
 * 403) and {@code Retry-After}; answers 503 {@code rate-limit-unavailable} when the store is
 * unreachable and the plan fails closed. Runs after the subscription policy.
 */
public final class RateLimitPolicy implements Policy {

    /** The decision, for later policies, logs and usage events. */
    public static final Exchange.Key<LimitDecision> DECISION = new Exchange.Key<>("rate-limit-decision");

    private final RateLimiter limiter;
    private final Clock clock;

    public RateLimitPolicy(RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Subscription subscription = exchange.get(SubscriptionPolicy.SUBSCRIPTION);
        if (subscription == null) {
            return Outcome.fail(new IllegalStateException("rate-limit policy needs a subscription before it"));
        }
        PlanLimits plan = exchange.config().part(Plans.PART).limits(subscription.planId());
        if (plan == null || plan.unlimited()) {
            return Outcome.proceed();
        }
        String subject = switch (plan.subject()) {
            case SUBSCRIPTION -> subscription.id();
            case APPLICATION -> subscription.applicationId();
            case CLIENT_IP -> {
                String ip = exchange.get(Exchange.CLIENT_IP);
                yield ip == null ? "unknown" : ip;
            }
        };
        Future<LimitDecision> decision = limiter.acquire(plan, subject);
        if (decision.isComplete() && decision.succeeded()) {
            return Future.succeededFuture(outcome(exchange, decision.result()));
        }
        return decision.map(d -> outcome(exchange, d));
    }

    /**
     * The plan's rate-limit headers go on whatever answer the client gets (the upstream's, a 429, a cache hit), and
     * replace an upstream's headers of the same name: the gateway's plan is what the client is held to.
     */
    @Override
    public void onResponse(Exchange exchange, ResponseHead head) {
        LimitDecision d = exchange.get(DECISION);
        if (d != null) {
            RateLimitHeaders.of(d).forEach(head.headers()::set);
        }
    }

    private Outcome outcome(Exchange exchange, LimitDecision d) {
        exchange.put(DECISION, d);
        return switch (d.verdict()) {
            case ALLOWED -> Outcome.CONTINUE;
            case UNAVAILABLE -> new Outcome.Respond(Problem.of(GatewayError.RATE_LIMIT_UNAVAILABLE,
                    "The gateway cannot check this plan's limits right now and the plan does not allow "
                            + "requests without that check; retry shortly",
                    Map.of("Retry-After", RateLimitHeaders.retryAfter(d.retryAfterMs()))));
            case DENIED -> new Outcome.Respond(denial(d));
        };
    }

    private Problem denial(LimitDecision d) {
        LimitWindow w = d.deniedWindow();
        boolean quota = w.kind() == LimitWindow.Kind.QUOTA;
        String retryAfter = RateLimitHeaders.retryAfter(d.retryAfterMs());
        String resetsAt = clock.instant().plusSeconds(Long.parseLong(retryAfter)).toString();
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("limit", Map.of("kind", w.kind().code(), "window", w.name(), "max", w.max()));
        ext.put("retryAfterSeconds", Long.parseLong(retryAfter));
        ext.put("resetsAt", resetsAt);
        String detail = quota
                ? "The " + ("day".equals(w.name()) ? "daily" : w.name() + "ly") + " quota of " + w.max() + " requests is used up; it resets at " + resetsAt
                : "The limit of " + w.max() + " requests per " + w.name() + " was reached; retry in " + retryAfter + " s";
        return new Problem(quota ? GatewayError.QUOTA_EXCEEDED : GatewayError.RATE_LIMITED, detail,
                Map.of("Retry-After", retryAfter), ext);
    }
}
