package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.config.NodeIdentity;
import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.policy.subscription.Subscription;
import io.gatehouse.gateway.policy.subscription.SubscriptionPolicy;
import io.gatehouse.gateway.proxy.ProxyForwarder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The request path's side of usage: {@link #arrive()} when a request comes in (the event id and time are made
 * there), {@link #complete} when its response has ended. Both are cheap and run on the event loop; the event goes
 * to the {@link UsageRecorder}'s buffer and nothing else happens on the request's thread.
 */
@Singleton
public class UsageCapture {

    /** What is known about a request when it arrives. */
    public record Arrival(UUID id, Instant at, long nanos) {
    }

    private final UsageRecorder recorder;
    private final Clock clock;
    private final String node;
    private final UuidV7Generator ids = new UuidV7Generator();
    /** This process's epoch: every event it makes is numbered 1, 2, 3 … within it (see {@link UsageEvent#seq()}). */
    private final long epoch = System.currentTimeMillis();
    private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();

    /** The provisional event journalled before a status line: where it lies and the number it took. */
    public record Ahead(UsageJournal.Segment segment, long seq) {
    }

    @Inject
    public UsageCapture(UsageRecorder recorder, Clock clock, NodeIdentity node) {
        this(recorder, clock, node.nodeId());
    }

    UsageCapture(UsageRecorder recorder, Clock clock, String node) {
        this.recorder = recorder;
        this.clock = clock;
        this.node = node;
    }

    /** Marks a request's arrival: its event id (a UUIDv7 of this instant) and the time. */
    public Arrival arrive() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Arrival(ids.next(now.toEpochMilli()), now, System.nanoTime());
    }

    /**
     * Records the event of a request whose response has ended, or whose connection closed first. A request that got
     * no status at all (the client left before the gateway answered) was not answered and makes no event; one whose
     * response was cut short is recorded with the bytes actually sent.
     *
     * @param arrival  what {@link #arrive()} returned for this request
     * @param exchange the request as the policies saw it (route, key, subscription, outcome)
     * @param request  the server request, for the status and the byte counts
     */
    public void complete(Arrival arrival, Exchange exchange, HttpServerRequest request) {
        complete(arrival, exchange, request, null);
    }

    /**
     * Journals the event of a request whose status line is about to be written (call from the response's
     * headers-end handler), so that a process killed after the client got its status line still bills the call.
     * Its body byte count is the declared {@code Content-Length} (0 without one) until {@link #complete} replaces it
     * with what was sent.
     *
     * @return what to hand to {@link #complete}
     */
    public Ahead headWriting(Arrival arrival, Exchange exchange, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        long declared = 0;
        String length = response.headers().get("Content-Length");
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = 0;
            }
        }
        // The number is taken here, once per status line: the final event carries the same one.
        long n = seq.incrementAndGet();
        return new Ahead(recorder.journalAhead(event(arrival, exchange, request.method().name(), response.getStatusCode(),
                request.bytesRead(), declared, System.nanoTime()).numbered(epoch, n)), n);
    }

    /** Like {@link #complete(Arrival, Exchange, HttpServerRequest)}, replacing the event {@link #headWriting} journalled. */
    public void complete(Arrival arrival, Exchange exchange, HttpServerRequest request, Ahead ahead) {
        HttpServerResponse response = request.response();
        if (!response.ended() && !response.headWritten() && ahead == null) {
            return;
        }
        // With a provisional event the status line was being written: the call counts (and keeps its number, so
        // that its sequence has no hole), even if the write then failed.
        long n = ahead == null ? seq.incrementAndGet() : ahead.seq();
        recorder.record(event(arrival, exchange, request.method().name(), response.getStatusCode(),
                request.bytesRead(), response.bytesWritten(), System.nanoTime()).numbered(epoch, n),
                ahead == null ? null : ahead.segment());
    }

    UsageEvent event(Arrival arrival, Exchange exchange, String method, int status, long reqBytes, long resBytes,
                     long completedNanos) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        ApiKey key = exchange.get(ApiKeyPolicy.API_KEY);
        Subscription subscription = exchange.get(SubscriptionPolicy.SUBSCRIPTION);
        Long upstreamNanos = exchange.get(ProxyForwarder.UPSTREAM_NANOS);
        return new UsageEvent(
                arrival.id(),
                arrival.at(),
                node,
                key == null ? null : exchange.config().part(Organizations.PART).of(key.applicationId()),
                key == null ? null : key.applicationId(),
                subscription == null ? null : subscription.id(),
                subscription == null ? null : subscription.planId(),
                route == null ? null : route.apiId(),
                route == null ? null : route.id(),
                key == null ? null : key.id(),
                key == null ? "" : key.prefix(),
                method,
                status,
                UsageOutcome.of(exchange.get(RequestMetrics.OUTCOME), status),
                millis(completedNanos - arrival.nanos()),
                upstreamNanos == null ? null : millis(upstreamNanos),
                reqBytes,
                resBytes);
    }

    private static int millis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos)));
    }
}
