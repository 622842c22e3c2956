package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.FailureFallback;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.UpstreamFetch;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.problem.GatewayError;
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
 * <p>
 * Stale answers (RFC 5861, RFC 9111 §4.2.4) are served only where the answer allowed it and did not forbid it: within
 * its {@code stale-while-revalidate} window at once, while one background GET per URL and consumer refreshes it
 * ({@link UpstreamFetch}); within its (or the request's) {@code stale-if-error} window instead of a 500, 502, 503 or
 * 504, whether the upstream answered it or the gateway would have ({@link FailureFallback}); and within a request's
 * {@code max-stale}.
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
    private final UpstreamFetch fetch;

    /**
     * @param cache the node's response cache
     * @param fetch sends the background GETs that refresh answers served under {@code stale-while-revalidate}
     */
    public CachePolicy(ResponseCache cache, UpstreamFetch fetch) {
        this.cache = cache;
        this.fetch = fetch;
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
        CacheControl requested = CacheControl.parse(headers.getAll(HttpHeaders.CACHE_CONTROL));
        if (bypasses(headers)) {
            if (requested.onlyIfCached()) {
                // Only the origin can evaluate these preconditions, and the client forbade asking it.
                return notCached();
            }
            exchange.put(ResponseCache.BYPASSED, Boolean.TRUE);
            return Outcome.proceed();
        }
        boolean mustAskUpstream = requested.noCache() || requested.maxAge() == 0
                || (requested == CacheControl.NONE && "no-cache".equalsIgnoreCase(headers.get("Pragma")));
        String consumer = settings.perConsumer() ? consumer(exchange) : null;
        long now = cache.nowMillis();
        if (!mustAskUpstream) {
            CachedResponse hit = cache.lookup(urlKey, consumer, headers, requested);
            if (hit != null) {
                if (hit.isFresh(now)) {
                    return Future.succeededFuture(reply(hit, head, "hit", headers));
                }
                cache.countStale("max-stale");
                return Future.succeededFuture(reply(hit, head, staleStatus("hit", hit, now, "max-stale"), headers));
            }
        }
        // Read before the stale answer is: a purge after this point is seen when the answer comes back.
        long purges = cache.purgeCount();
        // A HEAD that must ask upstream neither serves nor revalidates a stale answer.
        CachedResponse stale = mustAskUpstream && head ? null : cache.lookupStale(urlKey, consumer, headers);
        boolean authorized = headers.contains(HttpHeaders.AUTHORIZATION)
                && !ApiKeyCredentials.isApiKeyAuthorization(headers.get(HttpHeaders.AUTHORIZATION));
        String flightKey = consumer == null ? urlKey : urlKey + '\u0000' + consumer;
        if (stale != null && !mustAskUpstream) {
            // A client that asked for a minimum freshness or a maximum age does not get a stale answer unasked, and
            // one that asked for a stored answer only gets no refresh sent upstream on its behalf.
            if (stale.inStaleWhileRevalidate(now) && requested.maxAge() < 0 && requested.minFresh() < 0
                    && !requested.onlyIfCached()) {
                refreshInBackground(exchange, route, settings, urlKey, flightKey, consumer, stale, authorized, now);
                cache.countStale("while-revalidate");
                return Future.succeededFuture(reply(stale, head,
                        staleStatus("hit", stale, now, "stale-while-revalidate"), headers));
            }
            offerStaleIfError(exchange, urlKey, stale, requested, purges);
        }
        if (requested.onlyIfCached()) {
            return onlyIfCached(route, settings, urlKey, consumer, head, headers, requested);
        }
        if (!head && headers.contains(RANGE)) {
            // A range is served only from a fresh stored answer; otherwise it passes through and nothing is stored.
            exchange.put(ResponseCache.BYPASSED, Boolean.TRUE);
            return Outcome.proceed();
        }
        if (requested.noStore()) {
            return Outcome.proceed();
        }
        SharedCache.Location location = new SharedCache.Location(route.apiId(), route.id(), urlKey, consumer);
        if (mustAskUpstream) {
            // Not coalesced and not looked up: a client that asked for a fresh answer must get one. Its answer
            // replaces this node's entry; the shared one is replaced by the next miss that reads the generations.
            if (!head) {
                exchange.put(ResponseCache.TICKET, new ResponseCache.Ticket(urlKey, flightKey, null, settings, consumer,
                        headers, authorized, now, route.apiId(), route.id(), null, purges));
                revalidateIfStale(exchange, stale, headers);
            }
            return Outcome.proceed();
        }
        if (head) {
            // A HEAD stores nothing, so it is not coalesced; it may still be answered from what another node stored.
            if (!cache.sharedUsable(settings)) {
                return Outcome.proceed();
            }
            return cache.lookupShared(location, consumer, headers, requested).map(found -> found.entry() == null
                    ? Outcome.CONTINUE : reply(found.entry(), true, SHARED_HIT, headers));
        }
        long waitMillis = route.connectTimeoutMs() + (long) route.responseTimeoutMs() + 1_000;
        ResponseCache.Flight mine = new ResponseCache.Flight(now, waitMillis);
        ResponseCache.Flight leader = cache.join(flightKey, mine);
        if (leader != null) {
            return follow(leader, waitMillis, consumer, headers, requested);
        }
        if (!cache.sharedUsable(settings)) {
            exchange.put(ResponseCache.TICKET, new ResponseCache.Ticket(urlKey, flightKey, mine, settings, consumer,
                    headers, authorized, now, route.apiId(), route.id(), null, purges));
            revalidateIfStale(exchange, stale, headers);
            return Outcome.proceed();
        }
        // The leader alone asks Redis, so a burst of misses on one node still makes one call of each kind.
        return cache.lookupShared(location, consumer, headers, requested).map(found -> {
            if (found.entry() != null) {
                cache.finish(mine, flightKey, found.entry());
                return reply(found.entry(), false, SHARED_HIT, headers);
            }
            exchange.put(ResponseCache.TICKET, new ResponseCache.Ticket(urlKey, flightKey, mine, settings, consumer,
                    headers, authorized, now, route.apiId(), route.id(), found.generations(), purges));
            // Looked up again: during the Redis round trip the stale answer may have been purged, invalidated by a
            // write to its URL or replaced, and a 304 to its validators must not bring it back.
            revalidateIfStale(exchange, cache.lookupStale(urlKey, consumer, headers), headers);
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
            ResponseCache.StaleFallback fallback = exchange.get(ResponseCache.STALE_IF_ERROR);
            if (fallback != null && isError(head.status()) && cache.mayServe(fallback)) {
                // RFC 5861 §4: the stale answer stands in for the upstream's error; the error is not stored.
                cache.onUpstreamFailure(exchange);
                cache.countStale("if-error");
                exchange.put(RequestMetrics.OUTCOME, CACHE_HIT);
                answerFromStore(head, fallback.stored(), staleStatus("fwd=stale; fwd-status=" + head.status(),
                        fallback.stored(), cache.nowMillis(), "stale-if-error"));
                return;
            }
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
        answerFromStore(head, stored, "fwd=stale; fwd-status=304" + (stored.lifetimeSeconds() > 0 ? "; stored" : ""));
    }

    /** The client gets {@code stored} instead of the upstream's answer, with {@code Cache-Status: gatehouse; <status>}. */
    private void answerFromStore(ResponseHead head, CachedResponse stored, String status) {
        MultiMap headers = head.headers();
        headers.clear();
        headers.addAll(stored.headers());
        headers.set("Age", Long.toString(stored.ageSeconds(cache.nowMillis())));
        headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(stored.body().length()));
        headers.add(ResponseCache.CACHE_STATUS, ResponseCache.CACHE_NAME + "; " + status);
        headers.set("X-Cache", "HIT");
        head.answerInstead(stored.status(), stored.body());
    }

    /**
     * A {@code Cache-Status} for a stale answer (RFC 9211 §2): {@code hit} or {@code fwd=stale…}, its negative
     * {@code ttl} (freshness lifetime minus current age) and why it could be served.
     */
    private static String staleStatus(String how, CachedResponse stale, long now, String detail) {
        return how + "; ttl=" + (stale.lifetimeSeconds() - stale.ageSeconds(now)) + "; detail=" + detail;
    }

    /**
     * RFC 9111 §5.2.1.7: a request that wants a stored answer only, and found none on this node, gets one from the
     * shared layer or a {@code 504 not-cached}; it never goes upstream.
     */
    private Future<Outcome> onlyIfCached(Route route, CacheSettings settings, String urlKey, String consumer,
                                         boolean head, MultiMap headers, CacheControl requested) {
        if (!cache.sharedUsable(settings)) {
            return notCached();
        }
        SharedCache.Location location = new SharedCache.Location(route.apiId(), route.id(), urlKey, consumer);
        return cache.lookupShared(location, consumer, headers, requested).compose(found -> found.entry() == null
                ? notCached() : Future.succeededFuture(reply(found.entry(), head, SHARED_HIT, headers)));
    }

    private static Future<Outcome> notCached() {
        return Outcome.respond(GatewayError.NOT_CACHED,
                "Cache-Control: only-if-cached, and no stored answer for this request is usable");
    }

    /** RFC 5861 §4: the statuses an error that {@code stale-if-error} covers would have. */
    private static boolean isError(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Lets {@code stale} stand in for an upstream error (RFC 5861 §4) when the answer's or the request's
     * {@code stale-if-error} allows it: in the response phase for an error the upstream sent, through a
     * {@link FailureFallback} for one the gateway would send (unreachable, timed out, every target ejected).
     */
    private void offerStaleIfError(Exchange exchange, String urlKey, CachedResponse stale, CacheControl requested,
            long purges) {
        if (stale.stale().forbidden() || (stale.stale().ifErrorSeconds() <= 0 && requested.staleIfError() <= 0)) {
            return;
        }
        ResponseCache.StaleFallback fallback = new ResponseCache.StaleFallback(urlKey, stale, requested.staleIfError(),
                purges);
        exchange.put(ResponseCache.STALE_IF_ERROR, fallback);
        MultiMap requestHeaders = exchange.headers();
        boolean head = "HEAD".equals(exchange.method());
        exchange.put(FailureFallback.KEY, status -> {
            long now = cache.nowMillis();
            if (!cache.mayServe(fallback)) {
                return null;
            }
            cache.onUpstreamFailure(exchange);
            cache.countStale("if-error");
            return reply(stale, head, staleStatus("fwd=stale", stale, now, "stale-if-error"), requestHeaders);
        });
    }

    /**
     * Refreshes {@code stale} in the background ({@code stale-while-revalidate}, RFC 5861 §3) unless a request for the
     * same URL and consumer is already fetching it on this node (one refresh per entry: the refresh is the leader of a
     * coalesced flight). A shared route first asks the shared layer, where another node may have stored a fresher
     * answer; else a GET goes upstream with the stale answer's validators, and its answer updates or replaces it.
     */
    private void refreshInBackground(Exchange exchange, Route route, CacheSettings settings, String urlKey,
                                     String flightKey, String consumer, CachedResponse stale, boolean authorized,
                                     long now) {
        long waitMillis = route.connectTimeoutMs() + (long) route.responseTimeoutMs() + 1_000;
        ResponseCache.Flight mine = new ResponseCache.Flight(now, waitMillis);
        if (cache.join(flightKey, mine) != null) {
            return;
        }
        long purges = cache.purgeCount();
        // The request is answered before the refresh ends: keep what the entry's Vary needs from its headers.
        MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap().addAll(exchange.headers());
        MultiMap validators = MultiMap.caseInsensitiveMultiMap();
        if (stale.headers().contains("ETag")) {
            validators.set("If-None-Match", stale.headers().get("ETag"));
        }
        if (stale.headers().contains("Last-Modified")) {
            validators.set("If-Modified-Since", stale.headers().get("Last-Modified"));
        }
        SharedCache.Location location = new SharedCache.Location(route.apiId(), route.id(), urlKey, consumer);
        Future<SharedCache.Found> inShared = cache.sharedUsable(settings)
                ? cache.lookupShared(location, consumer, requestHeaders, CacheControl.NONE) : Future.succeededFuture(null);
        Future<String> refreshed = inShared.compose(found -> {
            if (found != null && found.entry() != null) {
                cache.finish(mine, flightKey, found.entry());
                return Future.succeededFuture("shared");
            }
            ResponseCache.Ticket ticket = new ResponseCache.Ticket(urlKey, flightKey, mine, settings, consumer,
                    requestHeaders, authorized, cache.nowMillis(), route.apiId(), route.id(),
                    found == null ? null : found.generations(), purges);
            Future<UpstreamFetch.Fetched> fetched;
            try {
                fetched = fetch.fetch(exchange, validators, settings.maxEntryBytes());
            } catch (RuntimeException e) {
                fetched = Future.failedFuture(e);
            }
            return fetched.map(f -> cache.onRefreshed(ticket, stale, f.status(), f.headers(), f.body()))
                    .recover(e -> {
                        cache.finish(ticket, null);
                        return Future.succeededFuture("failed");
                    });
        });
        refreshed.onComplete(ar -> {
            if (ar.failed()) {
                cache.finish(mine, flightKey, null);
            }
            cache.countRefresh(ar.succeeded() ? ar.result() : "failed");
        });
    }

    /**
     * Sends the stale answer's validators upstream (RFC 9111 §4.3.1) when the request selects a stale stored answer
     * that has one and the client did not make the request conditional itself; the answer is then handled by
     * {@link ResponseCache#onRevalidation}.
     */
    private void revalidateIfStale(Exchange exchange, CachedResponse stale, MultiMap headers) {
        if (Conditional.isConditional(headers)) {
            return;
        }
        if (stale == null || !stale.hasValidator()) {
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
    private Future<Outcome> follow(ResponseCache.Flight leader, long waitMillis, String consumer, MultiMap headers,
                                   CacheControl requested) {
        Context context = Vertx.currentContext();
        Vertx vertx = cache.vertx();
        Promise<Outcome> decided = Promise.promise();
        long timer = vertx.setTimer(waitMillis, id -> decided.tryComplete(Outcome.CONTINUE));
        leader.future().onComplete(ar -> {
            Runnable decide = () -> {
                vertx.cancelTimer(timer);
                CachedResponse stored = ar.succeeded() ? ar.result() : null;
                if (stored != null && stored.matches(consumer, headers)
                        && ResponseCache.satisfies(requested, stored, cache.nowMillis())) {
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
