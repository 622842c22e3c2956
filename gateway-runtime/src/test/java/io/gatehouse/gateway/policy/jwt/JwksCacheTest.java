package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.support.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.gatehouse.gateway.proxy.UpstreamAddressGuard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JWKS cache against a real in-process HTTP server, with a time source the test moves. */
class JwksCacheTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> body = new AtomicReference<>(TestTokens.jwks(TestTokens.rsa("k1")));
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private JwksCache cache;

    @BeforeEach
    void start_an_issuer() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            fetches.incrementAndGet();
            switch (request.path()) {
                case "/stall" -> { }
                case "/slow" -> vertx.setTimer(300, t -> request.response().end(body.get()));
                case "/broken" -> request.response().setStatusCode(500).end();
                case "/huge" -> request.response().end("{\"keys\":[" + " ".repeat(10_000) + "]}");
                default -> request.response().end(body.get());
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        cache = new JwksCache(vertx, 2_000, 5 * SECOND, 600 * SECOND, 4096, now::get, registry,
                new UpstreamAddressGuard(true, registry));
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void concurrent_refreshes_share_one_fetch() throws Exception {
        List<Future<IssuerKeys>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(cache.refresh(url("/slow")));
        }
        for (Future<IssuerKeys> f : waiting) {
            assertEquals("k1", join(f).keys().get(0).getKeyId());
        }
        assertEquals(1, fetches.get());
        assertEquals("k1", cache.cached(url("/slow")).keys().get(0).getKeyId());
    }

    @Test
    void a_refresh_within_the_minimum_interval_answers_from_memory() throws Exception {
        join(cache.refresh(url("/jwks")));
        body.set(TestTokens.jwks(TestTokens.rsa("k2")));
        now.addAndGet(4 * SECOND);
        assertEquals("k1", join(cache.refresh(url("/jwks"))).keys().get(0).getKeyId());
        assertEquals(1, fetches.get());
        now.addAndGet(SECOND);
        assertEquals("k2", join(cache.refresh(url("/jwks"))).keys().get(0).getKeyId(), "rotation picked up");
        assertEquals(2, fetches.get());
    }

    @Test
    void failures_end_at_the_timeout_keep_no_keys_and_are_counted_and_throttled() throws Exception {
        long start = System.nanoTime();
        assertNull(join(cache.refresh(url("/stall"))));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
        assertNull(join(cache.refresh(url("/broken"))));
        assertNull(join(cache.refresh(url("/huge"))), "larger than the cap");
        assertNull(join(cache.refresh(url("/broken"))), "throttled: no second attempt");
        assertEquals(3, fetches.get());
        assertEquals(3.0, registry.get("gatehouse_jwt_jwks_fetches").tag("result", "error").counter().count());
    }

    @Test
    void a_failed_refresh_keeps_the_keys_fetched_before() throws Exception {
        String jwks = url("/jwks");
        assertEquals("k1", join(cache.refresh(jwks)).keys().get(0).getKeyId());
        server.close().toCompletionStage().toCompletableFuture().join();
        now.addAndGet(10 * SECOND);
        assertEquals("k1", join(cache.refresh(jwks)).keys().get(0).getKeyId());
        assertEquals(1.0, registry.get("gatehouse_jwt_jwks_fetches").tag("result", "error").counter().count());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private static <T> T join(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
