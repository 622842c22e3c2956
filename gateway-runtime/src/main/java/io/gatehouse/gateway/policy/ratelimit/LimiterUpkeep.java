package io.gatehouse.gateway.policy.ratelimit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Runs the limiter's sweep every second and its breaker's probe every {@code store-retry} (so Redis is back in use
 * within that time of its return, traffic or not), and gives every unspent permit back at shutdown.
 */
@ApplicationScoped
public class LimiterUpkeep {

    private static final Logger LOG = Logger.getLogger(LimiterUpkeep.class);

    private final RateLimiter limiter;
    private final Vertx vertx;
    private final long probeMs;
    private long timer = -1;
    private long probeTimer = -1;

    public LimiterUpkeep(RateLimiter limiter, Vertx vertx, RateLimitSettings settings) {
        this.limiter = limiter;
        this.vertx = vertx;
        this.probeMs = Math.max(10, settings.storeRetry().toMillis());
    }

    void start(@Observes StartupEvent e) {
        timer = vertx.setPeriodic(1_000, id -> limiter.sweep());
        probeTimer = vertx.setPeriodic(probeMs, id -> limiter.probe());
        limiter.warmUp().onFailure(ex -> LOG.infof("the rate limit script could not be loaded at start (%s); "
                + "it is loaded on first use", ex.toString()));
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
        }
        try {
            limiter.releaseAll().toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (Exception ex) {
            LOG.debugf("unspent permits were not all given back at shutdown: %s", ex.toString());
        }
    }
}
