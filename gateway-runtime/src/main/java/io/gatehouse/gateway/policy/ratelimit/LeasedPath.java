package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Leased plans: a request spends a permit of the node's {@link LeasedBudget} without a store call; when the slice
 * is spent, one request reserves the next one and the others of that key wait for its answer, then decide again.
 * Because budget is reserved before it is spent, the cluster never admits more than a window allows.
 */
final class LeasedPath {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final LimiterParts parts;

    LeasedPath(LimiterParts parts) {
        this.parts = parts;
    }

    Future<LimitDecision> decide(KeyState s) {
        long now = parts.nanos.getAsLong();
        Future<Void> waitFor;
        Promise<Void> refill = null;
        long asked = 0;
        LimitStore.StoreCall call;
        synchronized (s) {
            s.lastUsedNanos = now;
            call = s.call(parts.clock.instant());
            LimitDecision cached = s.cachedDenial(now);
            if (cached != null) {
                return parts.done(s.plan, cached);
            }
            if (s.lease.take(now, call)) {
                return parts.done(s.plan, LimitDecision.allowed(s.leaseStatus(now), false));
            }
            if (s.lease.refill == null) {
                if (parts.health.down(now)) {
                    return Future.succeededFuture(parts.degraded(s));
                }
                refill = Promise.promise();
                s.lease.refill = refill.future();
                asked = s.lease.nextSlice(now, parts.settings, s.plan);
            }
            waitFor = s.lease.refill;
        }
        if (refill != null) {
            startRefill(s, call, asked, refill);
        }
        Context caller = Vertx.currentContext();
        Promise<LimitDecision> answer = Promise.promise();
        waitFor.onComplete(v -> onContext(caller, () -> decide(s).onComplete(answer)));
        return answer.future();
    }

    private void startRefill(KeyState s, LimitStore.StoreCall call, long asked, Promise<Void> refill) {
        parts.metrics.storeCall();
        parts.store.acquire(call, asked).onComplete(ar -> {
            long now = parts.nanos.getAsLong();
            if (ar.succeeded()) {
                parts.health.recovered();
                LimitStore.Grant g = parts.onGatewayClock(call, ar.result());
                parts.metrics.leaseRefill(s.plan.planId(), g.granted());
                synchronized (s) {
                    if (g.granted() > 0) {
                        s.lease.granted(now, call, g);
                    } else {
                        s.deny(now, g, s.status(g.remaining(), g.resetMs(), 0));
                    }
                    s.lease.refill = null;
                }
            } else {
                parts.health.failed(ar.cause());
                synchronized (s) {
                    s.lease.refill = null;
                }
            }
            refill.complete();
        });
    }

    /**
     * Gives the unspent permits of {@code s} back to the store (an idle node, or shutdown); {@code null} when there
     * are none to give.
     */
    Future<?> giveBack(KeyState s, long now) {
        long back;
        LimitStore.StoreCall call;
        synchronized (s) {
            back = s.lease.takeBack(now);
            if (back == 0) {
                return null;
            }
            call = s.lease.call();
        }
        parts.metrics.storeCall();
        return parts.store.acquire(call, -back)
                .onFailure(e -> LOG.debugf("could not give back %d permits: %s", back, e));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
