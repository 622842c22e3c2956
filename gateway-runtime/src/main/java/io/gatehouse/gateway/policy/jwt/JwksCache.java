package io.gatehouse.gateway.policy.jwt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.gatehouse.gateway.proxy.UpstreamAddressGuard;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The signing keys of every issuer the config names, by JWKS URL. It outlives config swaps, so a new snapshot does not
 * refetch keys. Fetches use the non-blocking Vert.x {@link HttpClient}; nothing here blocks.
 *
 * <ul>
 *   <li>{@link #cached} answers from memory, and starts a background refresh when the keys are older than the
 *       max age;</li>
 *   <li>{@link #refresh} fetches again (for a token whose {@code kid} is unknown) unless the last attempt was less
 *       than the minimum interval ago; concurrent callers share one fetch.</li>
 * </ul>
 * A failed fetch keeps the keys fetched before (if any), is counted and logged, and is not retried before the minimum
 * interval: an unreachable issuer costs one attempt per interval, not one per request.
 */
public final class JwksCache {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);

    private final Vertx vertx;
    private final HttpClient client;
    private final long fetchTimeoutMs;
    private final long minIntervalNanos;
    private final long maxAgeNanos;
    private final int maxBytes;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Counter fetched;
    private final Counter failed;

    private static final class Entry {
        volatile IssuerKeys keys;
        long lastAttemptNanos;
        boolean attempted;
        Future<IssuerKeys> inFlight;
    }

    public JwksCache(Vertx vertx, JwksSettings settings, MeterRegistry registry, UpstreamAddressGuard guard) {
        this(vertx, settings.jwksFetchTimeout().toMillis(), settings.jwksRefreshMinInterval().toNanos(),
                settings.jwksMaxAge().toNanos(), settings.jwksMaxBytes(), System::nanoTime, registry, guard);
    }

    public JwksCache(Vertx vertx, long fetchTimeoutMs, long minIntervalNanos, long maxAgeNanos, int maxBytes,
                     LongSupplier nanoTime, MeterRegistry registry, UpstreamAddressGuard guard) {
        this.vertx = vertx;
        this.fetchTimeoutMs = Math.max(1, fetchTimeoutMs);
        this.minIntervalNanos = minIntervalNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
        // An issuer's JWKS URL comes from an API's config: it may not lead to metadata or (by default) private addresses.
        this.client = guard.client(vertx, "jwks", new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, this.fetchTimeoutMs)),
                new PoolOptions().setHttp1MaxSize(4), null);
        this.fetched = Counter.builder("gatehouse_jwt_jwks_fetches").tag("result", "ok")
                .description("JWKS documents fetched from issuers").register(registry);
        this.failed = Counter.builder("gatehouse_jwt_jwks_fetches").tag("result", "error")
                .description("JWKS fetches that failed (unreachable, timeout, bad status or document)").register(registry);
    }

    /** The keys held for {@code jwksUrl}, or {@code null} if none were fetched yet. Never waits. */
    public IssuerKeys cached(String jwksUrl) {
        Entry entry = entries.get(jwksUrl);
        IssuerKeys keys = entry == null ? null : entry.keys;
        if (keys != null && nanoTime.getAsLong() - keys.fetchedAtNanos() > maxAgeNanos) {
            refresh(jwksUrl);
        }
        return keys;
    }

    /**
     * Fetches the keys again unless that was tried less than the minimum interval ago. The future never fails: it
     * holds the freshest keys there are, or {@code null} when no fetch of this URL has ever succeeded.
     */
    public Future<IssuerKeys> refresh(String jwksUrl) {
        Entry entry = entries.computeIfAbsent(jwksUrl, url -> new Entry());
        Promise<IssuerKeys> promise;
        synchronized (entry) {
            if (entry.inFlight != null) {
                return entry.inFlight;
            }
            long now = nanoTime.getAsLong();
            if (entry.attempted && now - entry.lastAttemptNanos < minIntervalNanos) {
                return Future.succeededFuture(entry.keys);
            }
            entry.attempted = true;
            entry.lastAttemptNanos = now;
            promise = Promise.promise();
            entry.inFlight = promise.future();
        }
        fetch(jwksUrl).onComplete(ar -> {
            IssuerKeys result;
            if (ar.succeeded()) {
                fetched.increment();
                result = ar.result();
                entry.keys = result;
            } else {
                failed.increment();
                LOG.warnf("JWKS %s could not be fetched: %s", jwksUrl, ar.cause().getMessage());
                result = entry.keys;
            }
            synchronized (entry) {
                entry.inFlight = null;
            }
            promise.complete(result);
        });
        return promise.future();
    }

    private Future<IssuerKeys> fetch(String jwksUrl) {
        Promise<IssuerKeys> promise = Promise.promise();
        long timer = vertx.setTimer(fetchTimeoutMs,
                t -> promise.tryFail("no complete answer within " + fetchTimeoutMs + " ms"));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(jwksUrl)
                .putHeader("Accept", "application/jwk-set+json, application/json");
        client.request(options).onFailure(promise::tryFail).onSuccess(request -> {
            request.exceptionHandler(promise::tryFail);
            promise.future().onFailure(e -> request.reset());
            request.send().onFailure(promise::tryFail).onSuccess(response -> {
                if (response.statusCode() != 200) {
                    promise.tryFail("status " + response.statusCode());
                    request.reset();
                    return;
                }
                Buffer body = Buffer.buffer();
                response.exceptionHandler(promise::tryFail);
                response.handler(chunk -> {
                    if (body.length() + chunk.length() > maxBytes) {
                        promise.tryFail("the document is larger than " + maxBytes + " bytes");
                        request.reset();
                    } else {
                        body.appendBuffer(chunk);
                    }
                });
                response.endHandler(v -> {
                    if (!promise.future().isComplete()) {
                        try {
                            promise.tryComplete(parse(body));
                        } catch (JoseException | RuntimeException e) {
                            promise.tryFail("not a JWK set: " + e.getMessage());
                        }
                    }
                });
            });
        });
        return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private IssuerKeys parse(Buffer body) throws JoseException {
        JsonWebKeySet set = new JsonWebKeySet(body.toString(StandardCharsets.UTF_8));
        List<JsonWebKey> keys = new ArrayList<>();
        for (JsonWebKey key : set.getJsonWebKeys()) {
            // Public keys for signatures only: a symmetric ("oct") key must never verify a token.
            if (key instanceof PublicJsonWebKey && (key.getUse() == null || "sig".equals(key.getUse()))) {
                keys.add(key);
            }
        }
        return new IssuerKeys(keys, nanoTime.getAsLong());
    }

    /** Closes the HTTP client. */
    public Future<Void> close() {
        return client.close();
    }
}
