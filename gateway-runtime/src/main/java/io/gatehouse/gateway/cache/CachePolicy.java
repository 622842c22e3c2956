package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyCredentials;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;

/**
 * Answers GET and HEAD from the route's response cache when a fresh stored answer matches, after the key, the
 * subscription and the limits were checked (a hit is a request like any other for plans and usage). On a miss the
 * first request for a URL goes upstream and later ones wait for its answer (coalescing); unsafe methods mark the
 * URL for invalidation. Storing happens in its response phase ({@link #onResponse}), through
 * {@link ResponseCache#onUpstreamAnswer}.
 * <p>
 * From a fresh entry it also answers a client's matching {@code If-None-Match}/{@code If-Modified-Since} with 304
 * ({@link Conditional}) and a single byte range of a stored 200 with 206 ({@link ByteRange}); a range that finds no
 * fresh entry, and preconditions meant for the origin, go upstream untouched ({@code fwd=bypass}).
 */
public final class CachePolicy implements Policy {

    /** The outcome of an answer from the cache, as metrics and usage events name it. */
    public static final String CACHE_HIT = "cache-hit";
    /** {@code Cache-Status} of an answer found in the shared Redis layer (then kept on this node too). */
    static final String SHARED_HIT = "hit; detail=shared";

    private static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
    private static final CharSequence CONTENT_RANGE = HttpHeaders.createOptimized("Content-Range");
    private static final CharSequence IF_RANGE = HttpHeaders.createOptimized("If-Range");
    private static final CharSequence IF_UNMODIFIED_SINCE = HttpHeaders.createOptimized("If-Unmodified-Since");

    /** Set when the upstream's answer was relayed: from then on its body stream settles the flight. */
    private static final Exchange.Key<Boolean> RELAYED = new Exchange.Key<>("cache-relayed");

    private final ResponseCache cache;

    public CachePolicy(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        CacheSettings settings = route == null ? null : route.options().cache();
        if (settings == null) {
            return Outcome.proceed();
        }
        String method = exchange.method();
        boolean head = "HEAD".equals(method);
        String urlKey = ResponseCache.urlKey(exchange.host(), exchange.path(), exchange.get(Exchange.QUERY));
        if (!head && !"GET".equals(method)) {
            if (!"OPTIONS".equals(method) && !"TRACE".equals(method)) {
                exchange.put(ResponseCache.INVALIDATES, new ResponseCache.Invalidation(urlKey, route.apiId(),
                        settings.shared()));
            }
            return Outcome.proceed();
        }
        MultiMap headers = exchange.headers();
        if (bypasses(headers)) {
            exchange.put(ResponseCache.BYPASSED, Boolean.TRUE);
            return Outcome.proceed();
        }
        CacheControl requested = CacheControl.parse(headers.getAll(HttpHeaders.CACHE_CONTROL));
        boolean mustAskUpstream = requested.noCache() || requested.maxAge() == 0
                || (requested == CacheControl.NONE && "no-cache".equalsIgnoreCase(headers.get("Pragma")));
        String consumer = settings.perConsumer() ? consumer(exchange) : null;
        if (!mustAskUpstream) {
            CachedResponse hit = cache.lookup(urlKey, consumer, headers);
            if (hit != null) {
                return Future.succeededFuture(reply(hit, head, "hit", headers));
            }
        }
        if (!head && headers.contains(RANGE)) {
            // A range is served only from a fresh stored answer; otherwise it passes through and nothing is stored.
            exchange.put(ResponseCache.BYPASSED, Boolean.TRUE);
            return Outcome.proceed();
        }
        if (requested.noStore()) {
            return Outcome.proceed();
        }
        long now = cache.nowMillis();
        long purges = cache.purgeCount();
        boolean authorized = headers.contains(HttpHeaders.AUTHORIZATION)
                && !ApiKeyCredentials.isApiKeyAuthorization(headers.get(HttpHeaders.AUTHORIZATION));
        String flightKey = consumer == null ? urlKey : urlKey + '\u0000' + consumer;
        SharedCache.Location location = new SharedCache.Location(route.apiId(), route.id(), urlKey, consumer);
        if (mustAskUpstream) {
            // Not coalesced and not looked up: a client that asked for a fresh answer must get one. Its answer
            // replaces this node's entry; the shared one is replaced by the next miss that reads the generations.
            if (!head) {
                exchange.put(ResponseCache.TICKET, new ResponseCache.Ticket(urlKey, flightKey, null, settings, consumer,
                        headers, authorized, now, route.apiId(), route.id(), null, purges));
                revalidateIfStale(exchange, urlKey, consumer, headers);
            }
            return Outcome.proceed();
        }
        if (head) {
            // A HEAD stores nothing, so it is not coalesced; it may still be answered from what another node stored.
            if (!cache.sharedUsable(settings)) {
                return Outcome.proceed();
            }
            return cache.lookupShared(location, consumer, headers).map(found -> found.entry() == null
                    ? Outcome.CONTINUE : reply(found.entry(), true, SHARED_HIT, headers));
        }
        long waitMillis = route.connectTimeoutMs() + (long) route.responseTimeoutMs() + 1_000;
        ResponseCache.Flight mine = new ResponseCache.Flight(now, waitMillis);
        ResponseCache.Flight leader = cache.join(flightKey, mine);
        if (leader != null) {
            return follow(leader, waitMillis, consumer, headers);
        }
        if (!cache.sharedUsable(settings)) {
            exchange.put(ResponseCache.TICKET, new ResponseCache.Ticket(urlKey, flightKey, mine, settings, consumer,
                    headers, authorized, now, route.apiId(), route.id(), null, purges));
            revalidateIfStale(exchange, urlKey, consumer, headers);
            return Outcome.proceed();
        }
        // The leader alone asks Redis, so a burst of misses on one node still makes one call of each kind.
        return cache.lookupShared(location, consumer, headers).map(found -> {
            if (found.entry() != null) {
                cache.finish(mine, flightKey, found.entry());
                return reply(found.entry(), false, SHARED_HIT, headers);
            }
            exchange.put(ResponseCache.TICKET, new ResponseCache.Ticket(urlKey, flightKey, mine, settings, consumer,
                    headers, authorized, now, route.apiId(), route.id(), found.generations(), purges));
            revalidateIfStale(exchange, urlKey, consumer, headers);
            return Outcome.CONTINUE;
        });
    }

    /**
     * The upstream's answer: stored if it may be (its body relayed through a copy-keeping stream), marked with
     * {@code Cache-Status}; the invalidation an unsafe request asked for is done, and the answer held until the shared
     * layer confirmed it (or a tombstone stands in for it: {@link ResponseCache#invalidateFor}). Any other answer (a failure, a
     * denial after the lookup): the request's flight ends without an entry, so its followers go upstream themselves.
     */
    @Override
    public void onResponse(Exchange exchange, ResponseHead head) {
        if (head.fromUpstream()) {
            exchange.put(RELAYED, Boolean.TRUE);
            Future<Void> invalidated = cache.invalidateFor(exchange, head.status(), head.headers());
            if (!invalidated.isComplete()) {
                head.holdUntil(invalidated);
            }
            CachedResponse revalidated = cache.onRevalidation(exchange, head.status(), head.headers());
            if (revalidated != null) {
                answerRevalidated(head, revalidated);
                return;
            }
            head.replaceBody(cache.onUpstreamAnswer(exchange, head.headRequest(), head.status(), head.headers(),
                    head.body()));
        } else {
            cache.onUpstreamFailure(exchange);
        }
    }

    /** The client gets the revalidated stored answer instead of the upstream's 304 (RFC 9111 §4.3.4). */
    private void answerRevalidated(ResponseHead head, CachedResponse stored) {
        MultiMap headers = head.headers();
        headers.clear();
        headers.addAll(stored.headers());
        headers.set("Age", Long.toString(stored.ageSeconds(cache.nowMillis())));
        headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(stored.body().length()));
        headers.add(ResponseCache.CACHE_STATUS, ResponseCache.CACHE_NAME + "; fwd=stale; fwd-status=304"
                + (stored.lifetimeSeconds() > 0 ? "; stored" : ""));
        headers.set("X-Cache", "HIT");
        head.answerInstead(stored.status(), stored.body());
    }

    /**
     * Sends the stale answer's validators upstream (RFC 9111 §4.3.1) when the request selects a stale stored answer
     * that has one and the client did not make the request conditional itself; the answer is then handled by
     * {@link ResponseCache#onRevalidation}.
     */
    private void revalidateIfStale(Exchange exchange, String urlKey, String consumer, MultiMap headers) {
        if (Conditional.isConditional(headers)) {
            return;
        }
        CachedResponse stale = cache.lookupStale(urlKey, consumer, headers);
        if (stale == null) {
            return;
        }
        exchange.put(ResponseCache.REVALIDATING, stale);
        String etag = stale.headers().get("ETag");
        if (etag != null) {
            exchange.upstreamHeaders().set("If-None-Match", etag);
        }
        String lastModified = stale.headers().get("Last-Modified");
        if (lastModified != null) {
            exchange.upstreamHeaders().set("If-Modified-Since", lastModified);
        }
    }

    /** A request that ended without an answer (the client went away first) ends its flight without an entry. */
    @Override
    public void onComplete(Exchange exchange) {
        if (exchange.get(RELAYED) == null) {
            cache.onUpstreamFailure(exchange);
        }
    }

    /** Waits for the leader's answer; goes upstream itself if it is not usable or takes too long. */
    private Future<Outcome> follow(ResponseCache.Flight leader, long waitMillis, String consumer, MultiMap headers) {
        Context context = Vertx.currentContext();
        Vertx vertx = cache.vertx();
        Promise<Outcome> decided = Promise.promise();
        long timer = vertx.setTimer(waitMillis, id -> decided.tryComplete(Outcome.CONTINUE));
        leader.future().onComplete(ar -> {
            Runnable decide = () -> {
                vertx.cancelTimer(timer);
                CachedResponse stored = ar.succeeded() ? ar.result() : null;
                if (stored != null && stored.matches(consumer, headers)) {
                    decided.tryComplete(reply(stored, false, "hit; detail=coalesced", headers));
                } else {
                    decided.tryComplete(Outcome.CONTINUE);
                }
            };
            // Answer on the follower's own event loop, never on the leader's.
            if (context != null) {
                context.runOnContext(v -> decide.run());
            } else {
                decide.run();
            }
        });
        return decided.future();
    }

    /**
     * Preconditions meant for the origin (RFC 9110 §13.1.1 {@code If-Match}, §13.1.4 {@code If-Unmodified-Since},
     * §13.1.5 {@code If-Range}) go upstream untouched: neither answered nor stored (RFC 9111 §4.3.2: a cache MUST NOT
     * evaluate preconditions that only apply to an origin server).
     */
    private static boolean bypasses(MultiMap headers) {
        return headers.contains(HttpHeaders.IF_MATCH) || headers.contains(IF_UNMODIFIED_SINCE)
                || headers.contains(IF_RANGE);
    }

    /**
     * The answer from {@code stored}, with {@code Age} (RFC 9111 §5.1: every answer from cache carries it). A client
     * whose conditional GET/HEAD matches a stored 2xx gets {@code 304} with the fields of RFC 9110 §15.4.5 and no
     * body; a GET asking for one byte range of a stored 200 gets {@code 206} with {@code Content-Range} (§14.2).
     */
    private Outcome.Reply reply(CachedResponse stored, boolean head, String status, MultiMap request) {
        long now = cache.nowMillis();
        // §13.2.1: preconditions are evaluated only where the unconditional answer would be a 2xx.
        boolean notModified = stored.status() / 100 == 2 && Conditional.isConditional(request)
                && Conditional.notModified(request, stored, now);
        MultiMap headers = notModified ? Conditional.notModifiedHeaders(stored)
                : MultiMap.caseInsensitiveMultiMap().addAll(stored.headers());
        headers.set("Age", Long.toString(stored.ageSeconds(now)));
        headers.add(ResponseCache.CACHE_STATUS, ResponseCache.CACHE_NAME + "; " + status);
        headers.set("X-Cache", "HIT");
        if (notModified) {
            return new Outcome.Reply(304, headers, null, CACHE_HIT);
        }
        if (!head && stored.status() == 200) {
            // RFC 9110 §14.2: one satisfiable byte range of the stored complete 200 is answered 206; anything else
            // the Range header asks for is ignored and the whole answer sent, which §14.2 allows.
            ByteRange range = ByteRange.parse(request.get(RANGE), stored.body().length());
            if (range != null) {
                headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(range.size()));
                headers.set(CONTENT_RANGE, range.contentRange());
                return new Outcome.Reply(206, headers,
                        stored.body().getBuffer((int) range.first(), (int) range.last() + 1), CACHE_HIT);
            }
        }
        return new Outcome.Reply(stored.status(), headers, head ? null : stored.body(), CACHE_HIT);
    }

    private static String consumer(Exchange exchange) {
        ApiKey key = exchange.get(ApiKeyPolicy.API_KEY);
        return key == null ? "" : key.applicationId();
    }
}
