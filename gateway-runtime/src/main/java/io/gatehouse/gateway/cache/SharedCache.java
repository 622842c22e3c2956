package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.redis.RedisBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The shared layer of the response cache, in Redis, for routes whose cache says {@code shared: true}: a miss in a
 * node's own cache looks here before going upstream, and what a node stores is written here too, so one node's
 * upstream call serves the others.
 *
 * <p>Layout (every key of an API shares the hash tag {@code {<apiId>}}, so a Redis Cluster keeps them in one slot):
 * <ul>
 *   <li>{@code <ns>:cache:{<apiId>}:e:<sha256(routeId, host+path+sorted query, consumer)>}: a hash with one field per
 *       variant, each holding an entry ({@link SharedEntryCodec}); the key expires with its freshest variant.</li>
 *   <li>{@code <ns>:cache:{<apiId>}:gen}: the purge generations, fields {@code api}, {@code r:<routeId>} and
 *       {@code u:<sha256(path+sorted query)>}; management increments one per purge.</li>
 * </ul>
 * A lookup reads the generations and the URL's variants in one pipelined round trip; an entry counts only if it was
 * stored under the current generations. A store writes the generations its request read at lookup time, so an
 * answer fetched across a purge is never visible after it.
 *
 * <p>Redis is an optimisation here: any error or a call slower than {@code timeout} is a miss (or a dropped store),
 * counted in {@code gatehouse_cache_shared_lookups_total{result="error"}}, and the layer is skipped for
 * {@code retry-after} afterwards, so no request waits on a dead Redis more than once per interval.
 */
public class SharedCache {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SharedCache.class);

    static final String STORE_SCRIPT = load();
    static final String STORE_SHA = sha1(STORE_SCRIPT);
    /** Most variants of one URL kept in Redis, as on a node. */
    static final int MAX_VARIANTS = 16;

    private final Redis redis;
    private final Vertx vertx;
    private final String namespace;
    private final boolean enabled;
    private final long timeoutMs;
    private final long retryAfterNanos;
    private final long maxEntryBytes;
    private final LongSupplier nanoTime;
    private volatile long skipUntilNanos;
    private volatile boolean skipping;
    private final Counter hits;
    private final Counter misses;
    private final Counter lookupErrors;
    private final Counter lookupsSkipped;
    private final Counter stored;
    private final Counter tooLarge;
    private final Counter storeErrors;
    private final Counter storesSkipped;

    /** Where one URL (and consumer) of a route lives in Redis. */
    record Location(String apiId, String routeId, String urlKey, String consumer) {

        /** The URL without the host: what a purge of one URL names. */
        String pathQuery() {
            return urlKey.substring(urlKey.indexOf(' ') + 1);
        }
    }

    /** What a lookup found: the current generations ({@code null} if Redis did not answer) and the entry, if any. */
    record Found(Generations generations, CachedResponse entry) {
        static final Found NOTHING = new Found(null, null);
    }

    public SharedCache(Redis redis, Vertx vertx, String namespace, CacheConfig.Shared config, MeterRegistry registry,
                       LongSupplier nanoTime) {
        this.redis = redis;
        this.vertx = vertx;
        this.namespace = namespace;
        this.enabled = config.enabled();
        this.timeoutMs = Math.max(1, config.timeout().toMillis());
        this.retryAfterNanos = config.retryAfter().toNanos();
        this.maxEntryBytes = config.maxEntrySize().asLongValue();
        this.nanoTime = nanoTime;
        String lookups = "gatehouse.cache.shared.lookups";
        String lookupsHelp = "Lookups in the shared Redis cache layer by result (error: failed or too slow, a miss)";
        hits = Counter.builder(lookups).tag("result", "hit").description(lookupsHelp).register(registry);
        misses = Counter.builder(lookups).tag("result", "miss").description(lookupsHelp).register(registry);
        lookupErrors = Counter.builder(lookups).tag("result", "error").description(lookupsHelp).register(registry);
        lookupsSkipped = Counter.builder(lookups).tag("result", "skipped").description(lookupsHelp).register(registry);
        String stores = "gatehouse.cache.shared.stores";
        String storesHelp = "Entries offered to the shared Redis cache layer by result";
        stored = Counter.builder(stores).tag("result", "stored").description(storesHelp).register(registry);
        tooLarge = Counter.builder(stores).tag("result", "too-large").description(storesHelp).register(registry);
        storeErrors = Counter.builder(stores).tag("result", "error").description(storesHelp).register(registry);
        storesSkipped = Counter.builder(stores).tag("result", "skipped").description(storesHelp).register(registry);
    }

    /** Whether routes with {@code shared: true} use Redis on this node (the {@code enabled} setting). */
    public boolean enabled() {
        return enabled;
    }

    /** False while the layer is skipped after an error (or when it is disabled). */
    boolean usable() {
        if (!enabled) {
            return false;
        }
        if (skipping && nanoTime.getAsLong() - skipUntilNanos >= 0) {
            skipping = false;
        }
        return !skipping;
    }

    /** Like {@link #usable()}, counting a lookup skipped because of a recent error. */
    boolean tryUse() {
        if (!enabled) {
            return false;
        }
        if (!usable()) {
            lookupsSkipped.increment();
            return false;
        }
        return true;
    }

    /**
     * Reads the generations and the URL's variants; completes (never fails) with the first entry stored under the
     * current generations that {@code wanted} accepts, on the caller's context.
     */
    Future<Found> lookup(Location at, Predicate<CachedResponse> wanted) {
        if (!usable()) {
            lookupsSkipped.increment();
            return Future.succeededFuture(Found.NOTHING);
        }
        Request generations = Request.cmd(Command.HMGET).arg(generationsKey(at.apiId())).arg("api")
                .arg("r:" + at.routeId()).arg(urlField(at.pathQuery()));
        Request variants = Request.cmd(Command.HVALS).arg(entryKey(at));
        return timed(redis.batch(List.of(generations, variants))).transform(ar -> {
            if (ar.failed()) {
                lookupErrors.increment();
                failed(ar.cause());
                return Future.succeededFuture(Found.NOTHING);
            }
            Generations current;
            try {
                Response g = ar.result().get(0);
                current = new Generations(count(g.get(0)), count(g.get(1)), count(g.get(2)));
            } catch (RuntimeException e) {
                lookupErrors.increment();
                return Future.succeededFuture(Found.NOTHING);
            }
            Response values = ar.result().get(1);
            if (values != null) {
                for (Response value : values) {
                    SharedEntryCodec.Decoded d = value == null ? null : SharedEntryCodec.decode(value.toBuffer());
                    if (d != null && d.generations().equals(current) && wanted.test(d.entry())) {
                        hits.increment();
                        return Future.succeededFuture(new Found(current, d.entry()));
                    }
                }
            }
            misses.increment();
            return Future.succeededFuture(new Found(current, null));
        });
    }

    /**
     * Writes an entry under the generations its request read, expiring with its freshness; fire and forget.
     * Completes with whether Redis took it (for tests); never fails.
     */
    Future<Boolean> store(Location at, Generations generations, CachedResponse entry, long nowMillis) {
        long ttlMillis = entry.freshForMillis(nowMillis);
        if (generations == null || ttlMillis <= 0 || !usable()) {
            storesSkipped.increment();
            return Future.succeededFuture(false);
        }
        Buffer bytes = SharedEntryCodec.encode(generations, entry);
        if (bytes.length() > maxEntryBytes) {
            tooLarge.increment();
            return Future.succeededFuture(false);
        }
        String key = entryKey(at);
        String field = variantField(entry);
        return timed(eval(Command.EVALSHA, STORE_SHA, key, field, bytes, ttlMillis)
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? eval(Command.EVAL, STORE_SCRIPT, key, field, bytes, ttlMillis)
                        : Future.failedFuture(e)))
                .transform(ar -> {
                    if (ar.succeeded()) {
                        stored.increment();
                        return Future.succeededFuture(true);
                    }
                    storeErrors.increment();
                    failed(ar.cause());
                    return Future.succeededFuture(false);
                });
    }

    /**
     * Invalidates one URL of an API in the shared layer (every host, variant and consumer): increments its generation,
     * as a purge of that URL would. Tried even while the layer is skipped after an error: an invalidation must not be
     * lost to a back-off window. Completes (never fails) with whether Redis took it within the timeout.
     */
    Future<Boolean> invalidate(String apiId, String urlKey) {
        if (!enabled) {
            return Future.succeededFuture(false);
        }
        String pathQuery = urlKey.substring(urlKey.indexOf(' ') + 1);
        return timed(redis.send(Request.cmd(Command.HINCRBY).arg(generationsKey(apiId)).arg(urlField(pathQuery)).arg(1)))
                .transform(ar -> {
                    if (ar.failed()) {
                        failed(ar.cause());
                    }
                    return Future.succeededFuture(ar.succeeded());
                });
    }

    private Future<Response> eval(Command command, String scriptOrSha, String key, String field, Buffer bytes, long ttl) {
        return redis.send(Request.cmd(command).arg(scriptOrSha).arg(1).arg(key).arg(field).arg(bytes).arg(ttl)
                .arg(MAX_VARIANTS));
    }

    private void failed(Throwable cause) {
        skipUntilNanos = nanoTime.getAsLong() + retryAfterNanos;
        if (!skipping) {
            LOG.infof("the shared cache layer counts as a miss for %d ms: %s", retryAfterNanos / 1_000_000, cause.toString());
        }
        skipping = true;
    }

    /**
     * Loads the store script and opens a connection ahead of the first request, so that request does not spend its
     * timeout budget on connecting. Failure is harmless: the first store loads the script itself.
     */
    public Future<Void> warmUp() {
        if (!enabled) {
            return Future.succeededFuture();
        }
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(STORE_SCRIPT)).mapEmpty();
    }

    /** Fails {@code call} after the timeout budget, and delivers its result on the caller's context. */
    private <T> Future<T> timed(Future<T> call) {
        return RedisBudget.within(vertx, timeoutMs, "the cache", call);
    }

    String entryKey(Location at) {
        return prefix(at.apiId()) + ":e:" + sha256(at.routeId() + "\n" + at.urlKey() + "\n"
                + (at.consumer() == null ? "-" : "c:" + at.consumer()));
    }

    String generationsKey(String apiId) {
        return prefix(apiId) + ":gen";
    }

    /** The generation field of one URL: the path and sorted query, whatever the host (docs/cache-purge.md). */
    static String urlField(String pathQuery) {
        return "u:" + sha256(pathQuery);
    }

    private String prefix(String apiId) {
        return namespace + ":cache:{" + apiId + "}";
    }

    private static String variantField(CachedResponse entry) {
        StringBuilder sb = new StringBuilder(entry.consumer() == null ? "-" : "c:" + entry.consumer());
        for (int i = 0; i < entry.varyNames().size(); i++) {
            String value = entry.varyValues().get(i);
            sb.append('\n').append(entry.varyNames().get(i)).append(value == null ? "\u0000" : "=" + value);
        }
        return sha256(sb.toString()).substring(0, 32);
    }

    private static long count(Response r) {
        return r == null ? 0 : r.toLong();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String load() {
        try (InputStream in = SharedCache.class.getResourceAsStream("/cache/store.lua")) {
            if (in == null) {
                throw new IllegalStateException("cache/store.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read cache/store.lua", e);
        }
    }
}
