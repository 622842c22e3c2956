package io.gatehouse.gateway.upstream;

import io.gatehouse.gateway.config.ActiveConfig;
import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.proxy.Upstream;
import io.gatehouse.gateway.proxy.UpstreamAddressGuard;
import io.gatehouse.gateway.proxy.UpstreamTarget;
import io.micrometer.core.instrument.Meter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The health of every upstream target, kept across config swaps (a target keeps its state while it stays in the
 * config), the retry budget of every API, and the active health checker: a Vert.x periodic timer that sends each
 * checked target a non-blocking {@code GET} when its interval is due.
 */
@Singleton
public class UpstreamHealth {

    private static final Logger LOG = Logger.getLogger(UpstreamHealth.class);
    static final long TICK_MS = 100;

    private final Vertx vertx;
    private final ActiveConfig active;
    private final UpstreamMetrics metrics;
    private final ConcurrentMap<String, Entry> targets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RetryBudget> budgets = new ConcurrentHashMap<>();
    private final UpstreamAddressGuard guard;
    private HttpClient checkClient;
    private long timer = -1;

    private static final class Entry {
        final TargetHealth health = new TargetHealth();
        volatile List<Meter> meters = List.of();
        volatile long nextCheckNanos;
        volatile boolean checking;
    }

    public UpstreamHealth(Vertx vertx, ActiveConfig active, UpstreamMetrics metrics, UpstreamAddressGuard guard) {
        this.vertx = vertx;
        this.guard = guard;
        this.active = active;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        checkClient = guard.client(vertx, "health", new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30),
                new PoolOptions().setHttp1MaxSize(2), null);
        timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (checkClient != null) {
            checkClient.close();
        }
    }

    /** The health objects of {@code upstream}'s targets, in target order; bound once per config and API. */
    public TargetHealth[] of(String apiId, Upstream upstream) {
        return upstream.health(target -> entry(apiId, target).health);
    }

    /** The retry budget of an API. */
    public RetryBudget budget(String apiId) {
        RetryBudget budget = budgets.get(apiId);
        return budget != null ? budget : budgets.computeIfAbsent(apiId,
                id -> new RetryBudget(RetryBudget.DEFAULT_RATIO, RetryBudget.DEFAULT_MIN_PER_SECOND, System::nanoTime));
    }

    private Entry entry(String apiId, UpstreamTarget target) {
        return targets.computeIfAbsent(key(apiId, target), k -> {
            Entry e = new Entry();
            e.meters = metrics.registerTarget(apiId, target.id(), e.health);
            return e;
        });
    }

    private static String key(String apiId, UpstreamTarget target) {
        return apiId + '|' + target.id() + '|' + (target.ssl() ? "https://" : "http://") + target.host() + ':'
                + target.port() + target.basePath();
    }

    void tick() {
        CompiledConfig config = active.current();
        if (config == null) {
            return;
        }
        long now = System.nanoTime();
        Set<String> live = new HashSet<>();
        Map<String, Upstream> upstreams = config.optionByApi(Upstream.OPTION);
        for (Map.Entry<String, Upstream> api : upstreams.entrySet()) {
            String apiId = api.getKey();
            Upstream upstream = api.getValue();
            TargetHealth[] health = of(apiId, upstream);
            ResilienceSettings settings = config.option(apiId, ResilienceSettings.OPTION);
            List<UpstreamTarget> list = upstream.targets();
            for (int i = 0; i < list.size(); i++) {
                String key = key(apiId, list.get(i));
                live.add(key);
                Entry entry = targets.get(key);
                if (entry == null) {
                    continue;
                }
                if (settings.healthCheck() == null) {
                    if (!entry.health.activeHealthy()) {
                        entry.health.clearChecks();
                    }
                } else if (!entry.checking && now >= entry.nextCheckNanos) {
                    check(apiId, list.get(i), entry, settings.healthCheck(), now);
                }
            }
        }
        // Targets that left the config: forget them and their gauges.
        targets.entrySet().removeIf(e -> {
            if (!live.contains(e.getKey())) {
                metrics.remove(e.getValue().meters);
                return true;
            }
            return false;
        });
        budgets.keySet().retainAll(upstreams.keySet());
    }

    private void check(String apiId, UpstreamTarget target, Entry entry, ResilienceSettings.HealthCheckSettings check,
                       long now) {
        entry.checking = true;
        entry.nextCheckNanos = now + check.intervalMs() * 1_000_000L;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setSsl(target.ssl()).setURI(target.basePath() + check.path())
                .setConnectTimeout(check.timeoutMs()).setIdleTimeout(check.timeoutMs())
                .setTimeout(check.timeoutMs())
                .putHeader("User-Agent", "gatehouse-health-check");
        Promise<Integer> status = Promise.promise();
        checkClient.request(options).onFailure(status::tryFail).onSuccess(request -> {
            // A connection that fails (refused by the address guard, reset) fails the check through this handler;
            // without one, Vert.x would also log each such failure as an ERROR of its own.
            request.exceptionHandler(status::tryFail);
            request.send().onFailure(status::tryFail).onSuccess(response -> {
                response.body().onFailure(status::tryFail).onSuccess(b -> status.tryComplete(response.statusCode()));
            });
        });
        status.future()
                .onComplete(ar -> {
                    entry.checking = false;
                    boolean passed = ar.succeeded() && ar.result() >= 200 && ar.result() < 400;
                    if (entry.health.onCheck(passed, check)) {
                        LOG.infof("upstream target %s of api %s is now %s by active health checks", target.id(), apiId,
                                passed ? "healthy" : "unhealthy");
                    }
                });
    }
}
