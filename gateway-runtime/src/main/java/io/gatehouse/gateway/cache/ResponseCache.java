package io.gatehouse.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.gatehouse.gateway.pipeline.Exchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.ReadStream;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process shared HTTP cache of this node (RFC 9111, the subset listed in the module README): Caffeine holds
 * the variants of each URL, bounded by weight and expired when their freshness ends; misses for one URL are
 * coalesced so that a burst makes one upstream call. Entries are only ever read and replaced whole.
 */
@Singleton
public class ResponseCache {

    /** Set by {@link CachePolicy} on a request whose answer may be stored. */
    static final Exchange.Key<Ticket> TICKET = new Exchange.Key<>("cache-ticket");
    /** Set by {@link CachePolicy} on an unsafe request: the URL key its non-error answer invalidates. */
    static final Exchange.Key<Invalidation> INVALIDATES = new Exchange.Key<>("cache-invalidates");

    /** Set by {@link CachePolicy} on a GET that revalidates this stale answer (RFC 9111 §4.3): the validators went upstream. */
    static final Exchange.Key<CachedResponse> REVALIDATING = new Exchange.Key<>("cache-revalidating");

    /**
     * Set by {@link CachePolicy} on a GET that goes upstream while a stale answer it selects may stand in for an error
     * ({@code stale-if-error}, RFC 5861 §4): the stored answer and the request's own {@code stale-if-error} seconds.
     */
    static final Exchange.Key<StaleFallback> STALE_IF_ERROR = new Exchange.Key<>("cache-stale-if-error");

    /**
     * A stale answer of {@code urlKey} that may be served if the upstream fails, the request's own window (-1: none),
     * and {@link #purgeCount()} when the request found it.
     */
    record StaleFallback(String urlKey, CachedResponse stored, long requestSeconds, long purgeCount) {
        /** True if {@code stored} is within the answer's or the request's {@code stale-if-error} window now. */
        boolean usable(long nowMillis) {
            return stored.staleWithin(nowMillis, Math.max(stored.stale().ifErrorSeconds(), requestSeconds));
        }
    }

    /**
     * True if {@code fallback} may be served now: within its window, and still stored here (neither purged nor
     * invalidated, nor replaced, while its request was upstream).
     */
    boolean mayServe(StaleFallback fallback) {
        if (!fallback.usable(nowMillis()) || purgeCount() != fallback.purgeCount()) {
            return false;
        }
        List<CachedResponse> variants = entries.getIfPresent(fallback.urlKey());
        if (variants != null) {
            for (CachedResponse r : variants) {
                if (r == fallback.stored()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Set by {@link CachePolicy} on a GET/HEAD it sends upstream untouched (Range, origin-only preconditions). */
    static final Exchange.Key<Boolean> BYPASSED = new Exchange.Key<>("cache-bypassed");

    /** The URL an unsafe request invalidates, and whether its route also keeps entries in the shared layer. */
    record Invalidation(String urlKey, String apiId, boolean shared) {
    }

    static final String CACHE_STATUS = "Cache-Status";
    static final String CACHE_NAME = "gatehouse";
    private static final int MAX_VARIANTS = 16;
    /**
     * Status codes heuristically cacheable (RFC 9110 §15.1): stored with the route's default TTL when the answer gives
     * no explicit freshness. 206 is left out: Range requests pass through and a partial answer is never stored.
     */
    private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);
    /** The targeted field every CDN-class cache reads (RFC 9213 §3), after the configured one. */
    static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

    private final Vertx vertx;
    private final Clock clock;
    private final long staleRetentionMillis;
    private final SharedCache shared;
    private final Cache<String, List<CachedResponse>> entries;
    /** Targeted cache-control fields this cache obeys, most specific first (RFC 9213 §2.1). */
    private final List<String> targetedFields;
    private final ConcurrentMap<String, Flight> inFlight = new ConcurrentHashMap<>();
    /**
     * URLs (API and path with query, any host) whose shared generation an unsafe request could not bump, with when:
     * shared entries of them made before that are not taken from Redis (see {@link #invalidateFor}).
     */
    private final Cache<String, Long> tombstones = Caffeine.newBuilder()
            .expireAfterWrite(24, TimeUnit.HOURS).maximumSize(100_000).build();
    /** Counts purges: an answer whose request started before a purge is not stored after it. */
    private final AtomicLong purges = new AtomicLong();
    private final Counter staleWhileRevalidate;
    private final Counter staleIfError;
    private final Counter staleByRequest;
    private final Map<String, Counter> refreshes = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    /** A miss being fetched; followers wait for its answer instead of asking the upstream too. */
    static final class Flight {
        final Promise<CachedResponse> promise = Promise.promise();
        final long startedMillis;
        final long waitMillis;

        Flight(long startedMillis, long waitMillis) {
            this.startedMillis = startedMillis;
            this.waitMillis = waitMillis;
        }

        Future<CachedResponse> future() {
            return promise.future();
        }
    }

    /**
     * What the leader of a miss needs to store the answer and release its followers.
     *
     * @param generations the shared layer's generations read by this request's lookup; {@code null} when none was
     *                    made or Redis did not answer (then the answer is not written to Redis)
     * @param purgeCount  {@link #purgeCount()} when the request looked: a purge since then means nothing is stored
     */
    record Ticket(String urlKey, String flightKey, Flight flight, CacheSettings settings, String consumer,
                  MultiMap requestHeaders, boolean authorized, long requestTimeMillis, String apiId, String routeId,
                  Generations generations, long purgeCount) {

        Ticket(String urlKey, String flightKey, Flight flight, CacheSettings settings, String consumer,
               MultiMap requestHeaders, boolean authorized, long requestTimeMillis) {
            this(urlKey, flightKey, flight, settings, consumer, requestHeaders, authorized, requestTimeMillis, null, null,
                    null, 0);
        }

        SharedCache.Location location() {
            return new SharedCache.Location(apiId, routeId, urlKey, consumer);
        }
    }

    /** A cache of this node only, without the shared layer (tests). */
    public ResponseCache(Vertx vertx, Clock clock, CacheConfig config, MeterRegistry registry) {
        this(vertx, clock, config, registry, null);
    }

    @jakarta.inject.Inject
    public ResponseCache(Vertx vertx, Clock clock, CacheConfig config, MeterRegistry registry, SharedCache shared) {
        this.vertx = vertx;
        this.clock = clock;
        this.shared = shared;
        this.staleRetentionMillis = Math.max(0, config.staleRetention().toMillis());
        this.targetedFields = targetedFields(config.targetedField());
        this.entries = Caffeine.newBuilder()
                .maximumWeight(config.maxSize().asLongValue())
                .weigher((String key, List<CachedResponse> variants) ->
                        variants.stream().mapToInt(CachedResponse::weight).sum() + key.length())
                .expireAfter(new Expiry<String, List<CachedResponse>>() {
                    @Override
                    public long expireAfterCreate(String key, List<CachedResponse> variants, long now) {
                        return freshNanos(variants);
                    }

                    @Override
                    public long expireAfterUpdate(String key, List<CachedResponse> variants, long now, long current) {
                        return freshNanos(variants);
                    }

                    @Override
                    public long expireAfterRead(String key, List<CachedResponse> variants, long now, long current) {
                        return current;
                    }
                })
                .build();
        Gauge.builder("gatehouse.cache.entries", entries, c -> c.estimatedSize())
                .description("URLs with at least one stored answer in this node's response cache").register(registry);
        this.registry = registry;
        this.staleWhileRevalidate = staleCounter(registry, "while-revalidate");
        this.staleIfError = staleCounter(registry, "if-error");
        this.staleByRequest = staleCounter(registry, "max-stale");
    }

    private static Counter staleCounter(MeterRegistry registry, String reason) {
        return Counter.builder("gatehouse.cache.stale")
                .description("Stale answers served: while refreshed in the background (stale-while-revalidate), "
                        + "instead of an upstream error (stale-if-error), or because the request's max-stale allowed it")
                .tag("reason", reason).register(registry);
    }

    /** Counts a stale answer served, by why it could be ({@code while-revalidate}, {@code if-error}, {@code max-stale}). */
    void countStale(String reason) {
        switch (reason) {
            case "while-revalidate" -> staleWhileRevalidate.increment();
            case "if-error" -> staleIfError.increment();
            default -> staleByRequest.increment();
        }
    }

    /** Counts a background refresh by its result ({@code stored}, {@code revalidated}, {@code not-stored}, …). */
    void countRefresh(String result) {
        refreshes.computeIfAbsent(result, r -> Counter.builder("gatehouse.cache.refreshes")
                .description("Background refreshes of stale answers (stale-while-revalidate), by result")
                .tag("result", r).register(registry)).increment();
    }

    /**
     * The targeted fields in precedence order: the configured one, then {@code CDN-Cache-Control}. Refuses a name that
     * is not a field-name token, and {@code Cache-Control} itself (it would be removed from every answer).
     */
    static List<String> targetedFields(String configured) {
        String own = configured == null ? "" : configured.trim();
        boolean token = !own.isEmpty();
        for (int i = 0; i < own.length() && token; i++) {
            char c = own.charAt(i);
            token = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
        if (!token || own.equalsIgnoreCase("Cache-Control")) {
            throw new IllegalArgumentException("gatehouse.cache.targeted-field must be a header field name other than "
                    + "Cache-Control (e.g. Gatehouse-Cache-Control), not '" + configured + "'");
        }
        return own.equalsIgnoreCase(CDN_CACHE_CONTROL) ? List.of(CDN_CACHE_CONTROL) : List.of(own, CDN_CACHE_CONTROL);
    }

    Vertx vertx() {
        return vertx;
    }

    long nowMillis() {
        return clock.millis();
    }

    /** How many purges this node has applied (tickets remember it). */
    long purgeCount() {
        return purges.get();
    }

    /** True if the route's entries also live in the shared layer and it can be asked now. */
    boolean sharedUsable(CacheSettings settings) {
        return settings.shared() && shared != null && shared.tryUse();
    }

    /**
     * Looks the URL up in the shared layer (only call when {@link #sharedUsable}); a fresh matching entry is also kept
     * on this node. Completes on the caller's context, never fails: Redis trouble is a miss.
     */
    Future<SharedCache.Found> lookupShared(SharedCache.Location at, String consumer, MultiMap requestHeaders,
                                           CacheControl requested) {
        long purgesBefore = purgeCount();
        return shared.lookup(at, r -> r.matches(consumer, requestHeaders) && r.isFresh(nowMillis())
                && satisfies(requested, r, nowMillis())
                && !tombstoned(at.apiId(), at.urlKey(), r)).map(found -> {
            if (purgeCount() != purgesBefore) {
                // A purge arrived while Redis was asked: what it answered may predate the purge.
                return new SharedCache.Found(null, null);
            }
            if (found.entry() != null) {
                store(at.urlKey(), found.entry());
            }
            return found;
        });
    }

    /**
     * How long the URL's variants are kept: until the last is stale, plus whichever is longer of the stale retention
     * (for one with a validator, to revalidate it) and the stale windows its answer allows (RFC 5861).
     */
    private long freshNanos(List<CachedResponse> variants) {
        long now = nowMillis();
        long max = 0;
        for (CachedResponse r : variants) {
            long kept = Math.max(r.hasValidator() ? staleRetentionMillis : 0, r.stale().longestSeconds() * 1000);
            max = Math.max(max, r.freshForMillis(now) + kept);
        }
        return TimeUnit.MILLISECONDS.toNanos(max);
    }

    /** The key of a URL: host, path and the query with its parameters sorted. Method and consumer are not in it. */
    static String urlKey(String host, String path, String query) {
        return (host == null ? "" : host) + ' ' + pathQuery(path, query);
    }

    /** The path and the query with its parameters sorted (empty ones dropped): a URL whatever its host. */
    static String pathQuery(String path, String query) {
        StringBuilder key = new StringBuilder(64).append(path);
        if (query != null && !query.isEmpty()) {
            String[] params = query.split("&");
            Arrays.sort(params);
            char separator = '?';
            for (String p : params) {
                if (!p.isEmpty()) {
                    key.append(separator).append(p);
                    separator = '&';
                }
            }
        }
        return key.toString();
    }

    /**
     * A stale stored answer that the request selects (to revalidate, to serve while it is refreshed, or to stand in
     * for an error); or {@code null}.
     */
    CachedResponse lookupStale(String urlKey, String consumer, MultiMap requestHeaders) {
        List<CachedResponse> variants = entries.getIfPresent(urlKey);
        if (variants == null) {
            return null;
        }
        long now = nowMillis();
        for (CachedResponse r : variants) {
            if (r.matches(consumer, requestHeaders) && !r.isFresh(now)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The upstream's answer to a revalidation (RFC 9111 §4.3.3, §4.3.4): on {@code 304} the stale answer's headers are
     * updated with the 304's (all but {@code Content-Length} and the gateway's own fields, §3.2), it is stored again
     * when it may be (and its waiting followers served from it), and returned: the client gets it instead of the 304.
     * {@code null} when the request did not revalidate or the upstream sent a new answer (then stored as usual).
     */
    public CachedResponse onRevalidation(Exchange exchange, int status, MultiMap responseHeaders) {
        CachedResponse stale = exchange.get(REVALIDATING);
        if (stale == null || status != 304) {
            return null;
        }
        return revalidated(exchange.get(TICKET), stale, responseHeaders);
    }

    /**
     * The stale answer updated by a 304 (RFC 9111 §3.2, §4.3.4), stored again when it may be and its flight finished
     * with it; see {@link #onRevalidation}.
     */
    CachedResponse revalidated(Ticket ticket, CachedResponse stale, MultiMap responseHeaders) {
        MultiMap merged = MultiMap.caseInsensitiveMultiMap().addAll(stale.headers());
        for (String name : responseHeaders.names()) {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("X-Request-Id")
                    && !name.equalsIgnoreCase(CACHE_STATUS) && !name.equalsIgnoreCase("X-Cache") && !isTargeted(name)) {
                merged.set(name, responseHeaders.getAll(name));
            }
        }
        long now = nowMillis();
        CachedResponse template = ticket == null ? null : storable(ticket, stale.status(), merged, now);
        if (template == null) {
            if (ticket != null) {
                finish(ticket, null);
            }
            // Validated, so usable for this answer, but not to be stored again (e.g. the 304 said no-store).
            return new CachedResponse(stale.status(), merged, stale.body(), stale.consumer(), stale.varyNames(),
                    stale.varyValues(), 0, now, 0, stale.apiId(), stale.routeId(), CachedResponse.Stale.FORBIDDEN);
        }
        CachedResponse refreshed = template.withBody(stale.body());
        if (purgeCount() == ticket.purgeCount()) {
            store(ticket.urlKey(), refreshed);
            if (ticket.settings().shared() && shared != null && ticket.generations() != null) {
                shared.store(ticket.location(), ticket.generations(), refreshed, now);
            }
        }
        finish(ticket, refreshed);
        return refreshed;
    }

    /** How long this node keeps the URL's stored answers from now, in milliseconds (-1: none stored). */
    long keptForMillis(String urlKey) {
        return entries.policy().expireVariably().map(p -> p.getExpiresAfter(urlKey, TimeUnit.MILLISECONDS).orElse(-1))
                .orElse(-1L);
    }

    /** A fresh stored answer for the request, or {@code null}. */
    CachedResponse lookup(String urlKey, String consumer, MultiMap requestHeaders) {
        return lookup(urlKey, consumer, requestHeaders, CacheControl.NONE);
    }

    /**
     * A stored answer the request accepts, or {@code null}: fresh, and also within the request's {@code max-age}
     * (its current age at most that) and {@code min-fresh} (fresh for at least that much longer) when it sends them
     * (RFC 9111 §5.2.1.1, §5.2.1.3); or stale by at most its {@code max-stale} (§5.2.1.2) when the answer does not
     * forbid stale serving (§4.2.4). A fresh answer is preferred to a stale one.
     */
    CachedResponse lookup(String urlKey, String consumer, MultiMap requestHeaders, CacheControl requested) {
        List<CachedResponse> variants = entries.getIfPresent(urlKey);
        if (variants == null) {
            return null;
        }
        long now = nowMillis();
        CachedResponse staleAccepted = null;
        for (CachedResponse r : variants) {
            if (!r.matches(consumer, requestHeaders)
                    || (requested.maxAge() >= 0 && r.ageSeconds(now) > requested.maxAge())) {
                continue;
            }
            if (r.isFresh(now)) {
                if (satisfies(requested, r, now)) {
                    return r;
                }
            } else if (staleAccepted == null && requested.maxStale() >= 0 && requested.minFresh() < 0
                    && r.staleWithin(now, requested.maxStale())) {
                staleAccepted = r;
            }
        }
        return staleAccepted;
    }

    /**
     * True if the fresh answer {@code r} meets the request's {@code max-age} (current age at most that) and
     * {@code min-fresh} (fresh for at least that much longer), RFC 9111 §5.2.1.1 and §5.2.1.3.
     */
    static boolean satisfies(CacheControl requested, CachedResponse r, long now) {
        return (requested.maxAge() < 0 || r.ageSeconds(now) <= requested.maxAge())
                && (requested.minFresh() < 0 || r.freshForMillis(now) >= requested.minFresh() * 1000);
    }

    /**
     * The background refresh of {@code stale} ({@code stale-while-revalidate}, RFC 5861 §3) got {@code status}: a 304
     * updates and stores it again (§4.3.4), another answer is stored if it may be (in its place), and the refresh's
     * flight ends either way. Returns what happened, for the {@code gatehouse_cache_refreshes_total} counter.
     */
    String onRefreshed(Ticket ticket, CachedResponse stale, int status, MultiMap responseHeaders, Buffer body) {
        if (status == 304 && stale.hasValidator()) {
            CachedResponse refreshed = revalidated(ticket, stale, responseHeaders);
            if (refreshed.lifetimeSeconds() <= 0) {
                // Validated but not storable any more (the 304 said no-store, …): not served stale again.
                remove(ticket.urlKey(), stale);
                return "not-stored";
            }
            return "revalidated";
        }
        long now = nowMillis();
        CachedResponse template = storable(ticket, status, responseHeaders, now);
        if (template == null || purgeCount() != ticket.purgeCount()) {
            if (status < 500) {
                // The origin answers something else now (a 404 without freshness, a private answer…): the stale
                // answer is no longer what it would say, so it is not served any more. A 5xx keeps it (RFC 5861 §4).
                remove(ticket.urlKey(), stale);
            }
            finish(ticket, null);
            return "not-stored";
        }
        CachedResponse stored = template.withBody(body);
        store(ticket.urlKey(), stored);
        finish(ticket, stored);
        if (ticket.settings().shared() && shared != null && ticket.generations() != null) {
            shared.store(ticket.location(), ticket.generations(), stored, now);
        }
        return "stored";
    }

    /**
     * Joins the flight for {@code flightKey}: returns {@code null} if the caller is now its leader (it must
     * complete {@code mine}), else the flight of the leader to wait for. A flight older than its wait is replaced.
     */
    Flight join(String flightKey, Flight mine) {
        while (true) {
            Flight current = inFlight.putIfAbsent(flightKey, mine);
            if (current == null) {
                return null;
            }
            if (nowMillis() - current.startedMillis <= current.waitMillis) {
                return current;
            }
            if (inFlight.replace(flightKey, current, mine)) {
                current.promise.tryComplete(null);
                return null;
            }
        }
    }

    void finish(Ticket ticket, CachedResponse stored) {
        if (ticket.flight() != null) {
            finish(ticket.flight(), ticket.flightKey(), stored);
        }
    }

    /** Ends a flight: its followers are served {@code stored}, or go upstream themselves when it is {@code null}. */
    void finish(Flight flight, String flightKey, CachedResponse stored) {
        inFlight.remove(flightKey, flight);
        flight.promise.tryComplete(stored);
    }

    /** Drops one stored variant of a URL (the very object), if it is still there. */
    private void remove(String urlKey, CachedResponse variant) {
        entries.asMap().computeIfPresent(urlKey, (key, variants) -> {
            List<CachedResponse> kept = variants.stream().filter(r -> r != variant).toList();
            return kept.isEmpty() ? null : kept;
        });
    }

    /** Drops every stored answer of a URL (RFC 9111 §4.4). */
    public void invalidate(String urlKey) {
        entries.invalidate(urlKey);
    }

    /** Drops everything (also what requests under way would store). */
    public void clear() {
        purges.incrementAndGet();
        entries.invalidateAll();
    }

    /**
     * Applies a purge to this node: drops the stored answers of the API, of one route, or of one URL (every host,
     * variant and consumer), and keeps answers of requests under way from being stored. The shared layer is purged
     * by management, which increments the matching generation before it announces the purge.
     *
     * @return how many URLs lost at least one stored answer
     */
    public int purge(CachePurge purge) {
        purges.incrementAndGet();
        String pathQuery = purge.url() == null ? null : purge.pathQuery();
        java.util.concurrent.atomic.AtomicInteger touched = new java.util.concurrent.atomic.AtomicInteger();
        for (String key : List.copyOf(entries.asMap().keySet())) {
            if (pathQuery != null && !key.substring(key.indexOf(' ') + 1).equals(pathQuery)) {
                continue;
            }
            entries.asMap().computeIfPresent(key, (k, variants) -> {
                List<CachedResponse> kept = variants.stream().filter(r -> !purge.covers(r.apiId(), r.routeId())).toList();
                if (kept.size() != variants.size()) {
                    touched.incrementAndGet();
                }
                return kept.isEmpty() ? null : kept;
            });
        }
        return touched.get();
    }

    /**
     * Called by {@link CachePolicy}'s response phase with the upstream's answer head, already copied to the client's
     * response headers: decides whether the answer is stored, marks the response with {@code Cache-Status}, and returns the body stream to
     * relay (the upstream's own, or a copy-keeping one). The invalidation an unsafe request asks for is
     * {@link #invalidateFor}.
     */
    public ReadStream<Buffer> onUpstreamAnswer(Exchange exchange, boolean head, int status, MultiMap responseHeaders,
                                               ReadStream<Buffer> body) {
        Invalidation invalidates = exchange.get(INVALIDATES);
        Ticket ticket = exchange.get(TICKET);
        if (ticket == null) {
            if (invalidates != null || cachingRoute(exchange)) {
                removeTargeted(responseHeaders);
            }
            if (exchange.get(BYPASSED) != null) {
                responseHeaders.add(CACHE_STATUS, CACHE_NAME + "; fwd=bypass");
            }
            return body;
        }
        long now = nowMillis();
        CachedResponse template = head ? null : storable(ticket, status, responseHeaders, now);
        // RFC 9213 §2.1: the fields are for this cache; the stored copy was made without them.
        removeTargeted(responseHeaders);
        if (template == null) {
            finish(ticket, null);
            responseHeaders.add(CACHE_STATUS, CACHE_NAME + "; fwd=miss");
            responseHeaders.set("X-Cache", "MISS");
            return body;
        }
        responseHeaders.add(CACHE_STATUS, CACHE_NAME + "; fwd=miss; stored");
        responseHeaders.set("X-Cache", "MISS");
        return new TeeBody(body, ticket.settings().maxEntryBytes(), copy -> {
            if (purgeCount() != ticket.purgeCount()) {
                // Purged while this answer was on its way: it may be what the purge meant to remove.
                finish(ticket, null);
                return;
            }
            CachedResponse stored = template.withBody(copy);
            store(ticket.urlKey(), stored);
            finish(ticket, stored);
            if (ticket.settings().shared() && shared != null && ticket.generations() != null) {
                shared.store(ticket.location(), ticket.generations(), stored, nowMillis());
            }
        }, () -> finish(ticket, null));
    }

    /**
     * The invalidation an unsafe request asks for (RFC 9111 §4.4), done when its answer is not an error: the request's
     * URL, and the URLs of its answer's {@code Location} and {@code Content-Location} when they are on the same host,
     * leave this node's cache at once. On a route of the shared layer their generations are also bumped in Redis, even
     * while the layer is skipped after an error; the future completes when Redis took the bump, or when it could not
     * (within the layer's timeout), in which case this node keeps a tombstone of each URL and never takes a shared
     * entry of it made before the tombstone. Hold the answer until it completes, so a client that got the answer
     * cannot be served the old entry by any node that reads the bump. Completes at once when there is nothing to do.
     */
    public Future<Void> invalidateFor(Exchange exchange, int status, MultiMap responseHeaders) {
        Invalidation invalidates = exchange.get(INVALIDATES);
        if (invalidates == null || status >= 400) {
            return Future.succeededFuture();
        }
        List<String> urlKeys = new ArrayList<>(3);
        urlKeys.add(invalidates.urlKey());
        for (String field : new String[] {"Location", "Content-Location"}) {
            String sameHost = sameHostUrlKey(exchange.host(), responseHeaders.get(field));
            if (sameHost != null && !urlKeys.contains(sameHost)) {
                urlKeys.add(sameHost);
            }
        }
        urlKeys.forEach(this::invalidate);
        if (!invalidates.shared() || shared == null || !shared.enabled()) {
            return Future.succeededFuture();
        }
        List<Future<?>> bumps = new ArrayList<>(urlKeys.size());
        long now = nowMillis();
        for (String urlKey : urlKeys) {
            bumps.add(shared.invalidate(invalidates.apiId(), urlKey).onComplete(ar -> {
                if (ar.failed() || !ar.result()) {
                    tombstones.put(tombstoneKey(invalidates.apiId(), urlKey), now);
                }
            }));
        }
        return Future.join(bumps).mapEmpty();
    }

    /** The URL key of a {@code Location}/{@code Content-Location} value on {@code host}, or null (another host). */
    static String sameHostUrlKey(String host, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            java.net.URI uri = java.net.URI.create(value.trim());
            if (uri.isAbsolute()) {
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                        || !uri.getHost().equalsIgnoreCase(host == null ? "" : host)) {
                    return null;
                }
            } else if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
                return null;
            }
            return urlKey(host, uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(), uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String tombstoneKey(String apiId, String urlKey) {
        return apiId + ' ' + urlKey.substring(urlKey.indexOf(' ') + 1);
    }

    /** True if this node could not bump the URL's shared generation after {@code entry} was made. */
    boolean tombstoned(String apiId, String urlKey, CachedResponse entry) {
        Long at = tombstones.getIfPresent(tombstoneKey(apiId, urlKey));
        return at != null && entry.responseTimeMillis() <= at;
    }

    /** Abandons the request's ticket (the upstream failed): followers go upstream themselves. */
    public void onUpstreamFailure(Exchange exchange) {
        Ticket ticket = exchange.get(TICKET);
        if (ticket != null) {
            finish(ticket, null);
        }
    }

    private static boolean cachingRoute(Exchange exchange) {
        io.gatehouse.gateway.policy.route.Route route = exchange.get(io.gatehouse.gateway.policy.route.RoutePolicy.ROUTE);
        return route != null && route.options().cache() != null;
    }

    private void removeTargeted(MultiMap responseHeaders) {
        for (String name : targetedFields) {
            responseHeaders.remove(name);
        }
    }

    /**
     * The directives this cache obeys (RFC 9213 §2.1): the first targeted field present that parses, whole, in place
     * of {@code Cache-Control}; else {@code Cache-Control}.
     */
    CacheControl directives(MultiMap responseHeaders) {
        for (String name : targetedFields) {
            List<String> lines = responseHeaders.getAll(name);
            if (!lines.isEmpty()) {
                CacheControl targeted = CacheControl.parseTargeted(lines);
                if (targeted != null) {
                    return targeted;
                }
            }
        }
        return CacheControl.parse(responseHeaders.getAll(HttpHeaders.CACHE_CONTROL));
    }

    private boolean isTargeted(String name) {
        for (String t : targetedFields) {
            if (t.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    void store(String urlKey, CachedResponse stored) {
        entries.asMap().compute(urlKey, (key, old) -> {
            List<CachedResponse> next = new ArrayList<>();
            next.add(stored);
            if (old != null) {
                long now = nowMillis();
                for (CachedResponse r : old) {
                    if (!r.sameVariant(stored) && r.isFresh(now) && next.size() < MAX_VARIANTS) {
                        next.add(r);
                    }
                }
            }
            return List.copyOf(next);
        });
    }

    /**
     * The entry to store (without body) if the answer may be stored by a shared cache, else {@code null}:
     * a final status other than 206 and 304, heuristically cacheable (RFC 9110 §15.1) or made cacheable by
     * {@code public} or explicit freshness (RFC 9111 §3, §4.2.2); no {@code no-store}/{@code private}/{@code no-cache}
     * (this cache does not revalidate), no {@code Vary: *}, no {@code Set-Cookie}, §3.5 for requests with
     * {@code Authorization}, and a positive freshness lifetime left.
     */
    CachedResponse storable(Ticket ticket, int status, MultiMap headers, long responseTimeMillis) {
        if (status < 200 || status == 206 || status == 304) {
            return null;
        }
        // An answer that sets a cookie is stored only where the route says so, and then without the cookie: the
        // client whose request made it gets the cookie, nobody else ever does (RFC 9111 §7.3, RFC 6265 §8).
        boolean setsCookie = headers.contains(HttpHeaders.SET_COOKIE) || headers.contains("Set-Cookie2");
        if (setsCookie && !ticket.settings().storeSetCookie()) {
            return null;
        }
        CacheControl cc = directives(headers);
        if (cc.noStore() || cc.isPrivate() || cc.noCache()) {
            return null;
        }
        List<String> expiresLines = headers.getAll(HttpHeaders.EXPIRES);
        boolean explicit = cc.sMaxAge() >= 0 || cc.maxAge() >= 0 || !expiresLines.isEmpty();
        if (!explicit && !cc.isPublic() && !HEURISTIC.contains(status)) {
            return null;
        }
        if (ticket.authorized() && !(cc.isPublic() || cc.sMaxAge() >= 0 || cc.mustRevalidate())) {
            return null;
        }
        List<String> varyNames = new ArrayList<>();
        for (String vary : headers.getAll(HttpHeaders.VARY)) {
            for (String name : vary.split(",")) {
                String n = name.trim().toLowerCase(Locale.ROOT);
                if (n.equals("*")) {
                    return null;
                }
                if (!n.isEmpty() && !varyNames.contains(n)) {
                    varyNames.add(n);
                }
            }
        }
        // A Date that is not one valid HTTP-date is ignored: the arrival time stands in for it.
        long date = HttpDate.parseSingleton(headers.getAll(HttpHeaders.DATE), responseTimeMillis);
        long dateMillis = date == HttpDate.INVALID ? responseTimeMillis : date;
        long lifetime;
        if (cc.sMaxAge() >= 0) {
            lifetime = cc.sMaxAge();
        } else if (cc.maxAge() >= 0) {
            lifetime = cc.maxAge();
        } else if (!expiresLines.isEmpty()) {
            // RFC 9111 §5.3: an invalid Expires (e.g. "0", a malformed date, two field lines) is already expired.
            long expires = HttpDate.parseSingleton(expiresLines, responseTimeMillis);
            lifetime = expires == HttpDate.INVALID ? 0 : Math.max(0, (expires - dateMillis) / 1000);
        } else {
            lifetime = ticket.settings().defaultTtlSeconds();
        }
        long ageValue = parseAge(headers.getAll("Age"));
        if (ageValue < 0) {
            return null;
        }
        long apparentAge = Math.max(0, (responseTimeMillis - dateMillis) / 1000);
        long responseDelay = Math.max(0, (responseTimeMillis - ticket.requestTimeMillis()) / 1000);
        long correctedInitialAge = Math.max(apparentAge, ageValue + responseDelay);
        if (lifetime <= correctedInitialAge) {
            return null;
        }
        // RFC 9111 §4.2.4: must-revalidate, proxy-revalidate and (in a shared cache, §5.2.2.10) s-maxage forbid
        // serving the answer stale, whatever stale-while-revalidate or stale-if-error say.
        CachedResponse.Stale stale = cc.mustRevalidate() || cc.sMaxAge() >= 0 ? CachedResponse.Stale.FORBIDDEN
                : new CachedResponse.Stale(Math.max(0, cc.staleWhileRevalidate()), Math.max(0, cc.staleIfError()),
                false);
        List<String> varyValues = new ArrayList<>(varyNames.size());
        for (String name : varyNames) {
            varyValues.add(varyValue(ticket.requestHeaders(), name));
        }
        MultiMap kept = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> h : headers) {
            String n = h.getKey();
            if (!n.equalsIgnoreCase("X-Request-Id") && !n.equalsIgnoreCase(CACHE_STATUS)
                    && !n.equalsIgnoreCase("X-Cache") && !n.equalsIgnoreCase("Age") && !isTargeted(n)
                    && !n.equalsIgnoreCase("Set-Cookie") && !n.equalsIgnoreCase("Set-Cookie2")) {
                kept.add(n, h.getValue());
            }
        }
        return new CachedResponse(status, kept, null, ticket.consumer(), List.copyOf(varyNames),
                java.util.Collections.unmodifiableList(varyValues), correctedInitialAge, responseTimeMillis, lifetime,
                ticket.apiId(), ticket.routeId(), stale);
    }

    /** A request header's value as Vary compares it: all field lines joined, whitespace around commas trimmed. */
    static String varyValue(MultiMap requestHeaders, String name) {
        List<String> values = requestHeaders.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(part.trim());
            }
        }
        return sb.toString();
    }

    /**
     * The {@code Age} value (RFC 9111 §5.1): 0 when absent; a list (one line {@code 7200, 0} or several lines) is read
     * by its first member; -1 when that member is not a non-negative integer, and then the answer counts as stale.
     */
    static long parseAge(List<String> lines) {
        if (lines.isEmpty()) {
            return 0;
        }
        String first = lines.get(0);
        int comma = first.indexOf(',');
        String v = (comma < 0 ? first : first.substring(0, comma)).trim();
        if (v.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return v.length() > 10 ? 2_147_483_648L : Long.parseLong(v);
    }
}
