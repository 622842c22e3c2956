package io.gatehouse.gateway.accesslog;

import io.gatehouse.gateway.cache.CachePolicy;
import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.PolicyChain;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.proxy.ProxyForwarder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The structured access log: one JSON line per answered request on the log category {@value #CATEGORY}, written
 * after the response has ended. The request's event loop only builds a small record and offers it to a bounded
 * queue; a thread of its own ({@code access-log}) encodes and writes it, so a slow log sink never slows a request.
 * That thread takes what has queued up every {@value #DRAIN_EVERY_MS} ms rather than being woken for each line: a
 * wake-up per request cost the event loop a system call and put a second thread on the two cores for every request
 * at low rates. A line is therefore written up to {@value #DRAIN_EVERY_MS} ms after its response ended.
 * When the queue is full the line is dropped and counted ({@code gatehouse_access_log_dropped_total}).
 * Each API may sample its lines or turn them off ({@link AccessLogRule}, the snapshot's {@code accessLog}); that
 * decision is made here, before anything is built, with no allocation and no lock.
 * Nothing here throws into the request path.
 */
@Singleton
public class AccessLog {

    public static final String CATEGORY = "gatehouse.access";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final Logger SELF = Logger.getLogger(AccessLog.class);
    static final long DRAIN_EVERY_MS = 20;
    private static final int DRAIN_BATCH = 512;

    private final boolean enabled;
    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean stopping;

    public AccessLog(AccessLogSettings settings, MeterRegistry registry) {
        this.enabled = settings.enabled();
        if (settings.bufferCapacity() < 1) {
            throw new IllegalArgumentException("gatehouse.access-log.buffer-capacity must be >= 1");
        }
        this.queue = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.dropped = Counter.builder("gatehouse.access.log.dropped")
                .description("Access log lines dropped because the writer fell behind").register(registry);
        this.writer = new Thread(this::drain, "access-log");
        writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        LockSupport.unpark(writer);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Records the line of a request whose response has ended. Cheap, never blocks, never throws.
     *
     * @param arrivedAt    when the request arrived
     * @param arrivedNanos {@link System#nanoTime()} at arrival
     */
    public void record(Instant arrivedAt, long arrivedNanos, Exchange exchange, HttpServerRequest request) {
        if (!enabled) {
            return;
        }
        try {
            if (!keeps(exchange, request.response().getStatusCode())) {
                return;
            }
            if (!queue.offer(entry(arrivedAt, arrivedNanos, exchange, request, System.nanoTime()))) {
                dropped.increment();
            }
        } catch (RuntimeException e) {
            dropped.increment();
            SELF.debugf(e, "access log line of request %s not recorded", exchange.requestId());
        }
    }

    /** Whether the routed API's {@link AccessLogRule} wants this line; a request that matched no API always gets one. */
    static boolean keeps(Exchange exchange, int status) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        return route == null || exchange.config().option(route.apiId(), AccessLogRule.OPTION).keeps(status);
    }

    static AccessLogEntry entry(Instant arrivedAt, long arrivedNanos, Exchange exchange, HttpServerRequest request,
                                long nowNanos) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        ApiKey key = exchange.get(ApiKeyPolicy.API_KEY);
        Long upstreamNanos = exchange.get(ProxyForwarder.UPSTREAM_NANOS);
        int status = request.response().getStatusCode();
        String recorded = exchange.get(RequestMetrics.OUTCOME);
        return new AccessLogEntry(arrivedAt, exchange.requestId(), exchange.method(), exchange.path(),
                route == null ? null : route.apiId(), route == null ? null : route.id(),
                key == null ? null : key.applicationId(), status,
                outcome(recorded, exchange.get(PolicyChain.DECIDED_BY), status),
                isProblem(recorded) ? recorded : null,
                upstreamNanos == null ? null : TimeUnit.NANOSECONDS.toMillis(upstreamNanos),
                TimeUnit.NANOSECONDS.toMillis(Math.max(0, nowNanos - arrivedNanos)),
                request.bytesRead(), request.response().bytesWritten(),
                exchange.get(Exchange.CLIENT_IP), traceId());
    }

    /**
     * {@code served} (the upstream answered, or a composition was merged), {@code cached}, {@code denied:<policy>}
     * (a policy's answer below 500; {@code denied:gateway} for the ingress' own checks), {@code answered:<policy>}
     * (a policy answered a request that was not refused, e.g. a CORS preflight), or {@code error} (a 5xx made by
     * the gateway, including failing upstreams).
     */
    static String outcome(String recorded, String decidedBy, int status) {
        if (RequestMetrics.PROXIED.equals(recorded)) {
            return "served";
        }
        if (CachePolicy.CACHE_HIT.equals(recorded)) {
            return "cached";
        }
        if (status >= 500 || recorded == null) {
            return "error";
        }
        String policy = decidedBy == null ? "gateway" : decidedBy;
        return status >= 400 ? "denied:" + policy : "answered:" + policy;
    }

    private static final java.util.Set<String> PROBLEMS = java.util.Arrays.stream(GatewayError.values())
            .map(GatewayError::slug).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static boolean isProblem(String recorded) {
        return recorded != null && PROBLEMS.contains(recorded);
    }

    private static String traceId() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    private void drain() {
        List<AccessLogEntry> batch = new ArrayList<>(DRAIN_BATCH);
        while (true) {
            batch.clear();
            queue.drainTo(batch, DRAIN_BATCH);
            if (batch.isEmpty()) {
                if (stopping) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_EVERY_MS));
                if (Thread.interrupted()) {
                    // Whoever interrupts the writer wants it to stop: write what is queued, then end.
                    stopping = true;
                }
                continue;
            }
            for (AccessLogEntry entry : batch) {
                try {
                    LOG.info(entry.toJson());
                } catch (RuntimeException e) {
                    dropped.increment();
                }
            }
        }
    }
}
