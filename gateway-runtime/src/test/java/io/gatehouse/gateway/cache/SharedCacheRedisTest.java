package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RouteOptions;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.proxy.HeaderTransform;
import io.gatehouse.testing.RedisNamespaceResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared Redis layer against the machine's real Redis: two cache instances (two nodes) share one namespace; node A
 * stores, node B hits from Redis. Also the store script, purges through generations, and Redis refused or silent.
 */
class SharedCacheRedisTest {

    private static Vertx vertx;
    private static Redis redis;
    private static final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String apiId = "api-" + UUID.randomUUID();
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, RedisNamespaceResource.REDIS_URL);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One gateway node: its own Caffeine cache and policy, the shared layer at {@code redisUrl}. */
    private record Node(ResponseCache cache, CachePolicy policy, SharedCache shared, SimpleMeterRegistry registry) {
    }

    private Node node(Redis client, Duration timeout) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestCacheConfig config = new TestCacheConfig(1 << 20, true, timeout, Duration.ofSeconds(1), 64 * 1024);
        SharedCache shared = new SharedCache(client, vertx, namespace, config.shared(), registry, System::nanoTime);
        ResponseCache cache = new ResponseCache(vertx, clock, config, registry, shared);
        return new Node(cache, new CachePolicy(cache, (exchange, headers, max) -> Future.failedFuture("no upstream in this test")), shared, registry);
    }

    private Node node() {
        return node(redis, Duration.ofSeconds(2));
    }

    private Route route(String routeId) {
        return new Route(routeId, apiId, "/x", null, Set.of(), false, 1_000, 5_000,
                new RouteOptions(0, HeaderTransform.NONE, HeaderTransform.NONE, 1, new CacheSettings(60, false, 64 * 1024, true)));
    }

    private static MultiMap headers(String... pairs) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    private Exchange exchange(String method, String routeId, String path, String query, MultiMap requestHeaders) {
        Exchange e = new Exchange(UUID.randomUUID().toString(), method, "api.example", path, requestHeaders, null);
        e.put(RoutePolicy.ROUTE, route(routeId));
        if (query != null) {
            e.put(Exchange.QUERY, query);
        }
        return e;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a request through {@code node}'s cache policy; on a miss plays the upstream's answer {@code body}. */
    private Outcome request(Node node, Exchange exchange, String body, String... responseHeaders) {
        Outcome outcome = await(vertx.getOrCreateContext().<Outcome>executeBlocking(() -> null)
                .compose(ignored -> node.policy().onRequest(exchange)));
        if (outcome instanceof Outcome.Continue && body != null) {
            TeeBodyTestSource upstream = new TeeBodyTestSource();
            node.cache().onUpstreamAnswer(exchange, false, 200, headers(responseHeaders), upstream)
                    .handler(b -> { }).endHandler(v -> { });
            upstream.emit(body);
            upstream.end();
        } else if (outcome instanceof Outcome.Continue) {
            // The test plays no upstream: release the request's flight as the proxy would after a failure.
            node.cache().onUpstreamFailure(exchange);
        }
        return outcome;
    }

    private Response redis(Request request) {
        return await(redis.send(request));
    }

    private void awaitStoredInRedis(Node node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.registry().counter("gatehouse.cache.shared.stores", "result", "stored").count() < 1) {
            assertTrue(System.nanoTime() < deadline, "the entry never reached Redis");
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String bodyOf(Outcome outcome) {
        return ((Outcome.Reply) outcome).body().toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_miss_on_node_b_hits_what_node_a_stored_with_the_age_it_has_now() {
        Node a = node();
        Node b = node();

        assertInstanceOf(Outcome.Continue.class, request(a, exchange("GET", "r1", "/x/1", "b=2&a=1", headers()), "from-upstream",
                "Cache-Control", "max-age=60", "Age", "5"));
        awaitStoredInRedis(a);
        now.addAndGet(3_000);

        Outcome fromRedis = request(b, exchange("GET", "r1", "/x/1", "a=1&b=2", headers()), null);

        Outcome.Reply reply = assertInstanceOf(Outcome.Reply.class, fromRedis);
        assertEquals(200, reply.status());
        assertEquals("from-upstream", bodyOf(reply));
        assertEquals("gatehouse; hit; detail=shared", reply.headers().get("Cache-Status"));
        assertEquals("HIT", reply.headers().get("X-Cache"));
        assertEquals("8", reply.headers().get("Age"), "5 s old on arrival + 3 s since, on the node that stored it");
        assertEquals("max-age=60", reply.headers().get("Cache-Control"));

        Outcome.Reply local = assertInstanceOf(Outcome.Reply.class, request(b, exchange("GET", "r1", "/x/1", "a=1&b=2",
                headers()), null));
        assertEquals("gatehouse; hit", local.headers().get("Cache-Status"), "node B now keeps it itself");
        assertEquals(1.0, b.registry().counter("gatehouse.cache.shared.lookups", "result", "hit").count());
    }

    @Test
    void a_head_miss_on_node_b_is_answered_from_redis_without_a_body() {
        Node a = node();
        Node b = node();
        request(a, exchange("GET", "r1", "/x/head", null, headers()), "body", "Cache-Control", "max-age=60");
        awaitStoredInRedis(a);

        Outcome.Reply reply = assertInstanceOf(Outcome.Reply.class, request(b, exchange("HEAD", "r1", "/x/head", null,
                headers()), null));

        assertNull(reply.body());
        assertEquals("gatehouse; hit; detail=shared", reply.headers().get("Cache-Status"));
    }

    @Test
    void vary_keeps_variants_apart_across_nodes() {
        Node a = node();
        Node b = node();
        request(a, exchange("GET", "r1", "/x/vary", null, headers("Accept", "application/json")), "json",
                "Cache-Control", "max-age=60", "Vary", "Accept");
        awaitStoredInRedis(a);

        assertInstanceOf(Outcome.Continue.class, request(b, exchange("GET", "r1", "/x/vary", null,
                headers("Accept", "text/plain")), null));
        assertEquals("json", bodyOf(request(b, exchange("GET", "r1", "/x/vary", null,
                headers("Accept", "application/json")), null)));
    }

    @Test
    void an_expired_entry_in_redis_is_a_miss_and_the_key_expires_with_its_freshness() {
        Node a = node();
        Node b = node();
        request(a, exchange("GET", "r1", "/x/short", null, headers()), "short", "Cache-Control", "max-age=30");
        awaitStoredInRedis(a);
        SharedCache.Location at = new SharedCache.Location(apiId, "r1", "api.example /x/short", null);
        long pttl = redis(Request.cmd(Command.PTTL).arg(a.shared().entryKey(at))).toLong();
        assertTrue(pttl > 0 && pttl <= 30_000, "TTL is the remaining freshness: " + pttl);

        // Stale by the gateways' clock, whatever Redis still holds.
        now.addAndGet(30_000);

        assertInstanceOf(Outcome.Continue.class, request(b, exchange("GET", "r1", "/x/short", null, headers()), null));
    }

    @Test
    void purging_a_route_the_api_or_a_url_through_the_generations_makes_redis_entries_invisible() {
        Node a = node();
        String genKey = a.shared().generationsKey(apiId);
        request(a, exchange("GET", "r1", "/x/p1", "q=1", headers()), "p1", "Cache-Control", "max-age=60");
        request(a, exchange("GET", "r2", "/x/p2", null, headers()), "p2", "Cache-Control", "max-age=60");
        request(a, exchange("GET", "r2", "/x/p3", "b=2&a=1", headers()), "p3", "Cache-Control", "max-age=60");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.registry().counter("gatehouse.cache.shared.stores", "result", "stored").count() < 3) {
            assertTrue(System.nanoTime() < deadline, "entries never reached Redis");
            sleep(10);
        }
        assertEquals("p1", bodyOf(request(node(), exchange("GET", "r1", "/x/p1", "q=1", headers()), null)));

        // What management does for {"routeId": "r1"}: one HINCRBY.
        redis(Request.cmd(Command.HINCRBY).arg(genKey).arg("r:r1").arg(1));
        assertInstanceOf(Outcome.Continue.class, request(node(), exchange("GET", "r1", "/x/p1", "q=1", headers()), null));
        assertEquals("p2", bodyOf(request(node(), exchange("GET", "r2", "/x/p2", null, headers()), null)));

        // {"url": "/x/p3?a=1&b=2"}: the field is u: + SHA-256 of the path and sorted query (docs/cache-purge.md).
        redis(Request.cmd(Command.HINCRBY).arg(genKey).arg("u:" + sha256("/x/p3?a=1&b=2")).arg(1));
        assertInstanceOf(Outcome.Continue.class, request(node(), exchange("GET", "r2", "/x/p3", "a=1&b=2", headers()), null));
        assertEquals("p2", bodyOf(request(node(), exchange("GET", "r2", "/x/p2", null, headers()), null)));

        // {} (the whole API)
        redis(Request.cmd(Command.HINCRBY).arg(genKey).arg("api").arg(1));
        assertInstanceOf(Outcome.Continue.class, request(node(), exchange("GET", "r2", "/x/p2", null, headers()), null));
    }

    @Test
    void an_answer_fetched_across_a_purge_is_stored_neither_locally_nor_in_redis() {
        Node a = node();
        Exchange first = exchange("GET", "r1", "/x/race", null, headers());
        assertInstanceOf(Outcome.Continue.class, request(a, first, null));

        // The purge: management increments the generation, then every node applies the message.
        redis(Request.cmd(Command.HINCRBY).arg(a.shared().generationsKey(apiId)).arg("api").arg(1));
        a.cache().purge(new CachePurge("p", apiId, null, null));
        TeeBodyTestSource upstream = new TeeBodyTestSource();
        a.cache().onUpstreamAnswer(first, false, 200, headers("Cache-Control", "max-age=60"), upstream)
                .handler(x -> { }).endHandler(v -> { });
        upstream.emit("before the purge");
        upstream.end();

        assertInstanceOf(Outcome.Continue.class, request(a, exchange("GET", "r1", "/x/race", null, headers()), null));
        assertInstanceOf(Outcome.Continue.class, request(node(), exchange("GET", "r1", "/x/race", null, headers()), null));
    }

    @Test
    void a_purge_message_drops_the_api_the_route_or_the_url_from_the_node_cache() {
        Node a = node();
        request(a, exchange("GET", "r1", "/x/m1", "b=2&a=1", headers("Accept", "x")), "m1", "Cache-Control", "max-age=60",
                "Vary", "Accept");
        request(a, exchange("GET", "r1", "/x/m1", "a=1&b=2", headers("Accept", "y")), "m1y", "Cache-Control",
                "max-age=60", "Vary", "Accept");
        request(a, exchange("GET", "r2", "/x/m2", null, headers()), "m2", "Cache-Control", "max-age=60");
        request(a, exchange("GET", "r2", "/x/m3", null, headers()), "m3", "Cache-Control", "max-age=60");

        assertEquals(1, a.cache().purge(CachePurge.parse("{\"purgeId\":\"1\",\"apiId\":\"" + apiId + "\",\"url\":\"/x/m1?b=2&a=1\"}")));
        assertNull(a.cache().lookup("api.example /x/m1?a=1&b=2", null, headers("Accept", "x")));
        assertNull(a.cache().lookup("api.example /x/m1?a=1&b=2", null, headers("Accept", "y")));
        assertNotNull(a.cache().lookup("api.example /x/m2", null, headers()));

        assertEquals(0, a.cache().purge(new CachePurge("2", "another-api", null, null)));
        assertEquals(2, a.cache().purge(new CachePurge("3", apiId, "r2", null)));
        assertNull(a.cache().lookup("api.example /x/m2", null, headers()));
        assertNull(a.cache().lookup("api.example /x/m3", null, headers()));
    }

    @Test
    void a_successful_unsafe_request_is_answered_only_after_redis_took_the_invalidation_rfc9111_4_4() {
        Node a = node();
        request(a, exchange("GET", "r1", "/x/u", null, headers()), "old", "Cache-Control", "max-age=60");
        awaitStoredInRedis(a);
        Exchange post = exchange("POST", "r1", "/x/u", null, headers());
        assertInstanceOf(Outcome.Continue.class, request(a, post, null));

        await(a.cache().invalidateFor(post, 204, headers()));

        // Once the future completed (the proxy holds the answer until then), no node can get the old entry.
        assertInstanceOf(Outcome.Continue.class, request(node(), exchange("GET", "r1", "/x/u", null, headers()), null));
        assertNull(a.cache().lookup("api.example /x/u", null, headers()), "and this node dropped its own");
    }

    @Test
    void an_unsafe_request_also_invalidates_its_answers_location_and_content_location_on_the_same_host() {
        Node a = node();
        for (String path : List.of("/x/items/7", "/x/items/7/v2", "/x/elsewhere")) {
            request(a, exchange("GET", "r1", path, null, headers()), "old", "Cache-Control", "max-age=60");
        }
        Exchange put = exchange("PUT", "r1", "/x/items", null, headers());
        assertInstanceOf(Outcome.Continue.class, request(a, put, null));

        await(a.cache().invalidateFor(put, 201, headers("Location", "/x/items/7",
                "Content-Location", "https://api.example/x/items/7/v2")));

        assertNull(a.cache().lookup("api.example /x/items/7", null, headers()));
        assertNull(a.cache().lookup("api.example /x/items/7/v2", null, headers()));
        assertNotNull(a.cache().lookup("api.example /x/elsewhere", null, headers()));
        assertInstanceOf(Outcome.Continue.class,
                request(node(), exchange("GET", "r1", "/x/items/7", null, headers()), null), "in Redis too");
    }

    @Test
    void an_error_answer_invalidates_nothing_and_another_hosts_location_is_left_alone() {
        assertNull(ResponseCache.sameHostUrlKey("api.example", "https://other.example/x/1"));
        assertNull(ResponseCache.sameHostUrlKey("api.example", "mailto:someone@example.com"));
        assertEquals("api.example /x/1?a=1&b=2", ResponseCache.sameHostUrlKey("api.example", "/x/1?b=2&a=1"));
        Node a = node();
        request(a, exchange("GET", "r1", "/x/kept", null, headers()), "old", "Cache-Control", "max-age=60");
        Exchange post = exchange("POST", "r1", "/x/kept", null, headers());
        request(a, post, null);

        assertTrue(a.cache().invalidateFor(post, 409, headers()).succeeded());

        assertNotNull(a.cache().lookup("api.example /x/kept", null, headers()));
    }

    @Test
    void when_redis_cannot_take_the_invalidation_this_node_never_serves_the_older_shared_entry_of_that_url()
            throws Exception {
        java.net.URI redisUri = java.net.URI.create(RedisNamespaceResource.REDIS_URL);
        io.gatehouse.gateway.support.TcpProxy proxy = new io.gatehouse.gateway.support.TcpProxy(vertx,
                redisUri.getHost(), redisUri.getPort());
        closing.add(proxy);
        Redis throughProxy = Redis.createClient(vertx, "redis://127.0.0.1:" + proxy.port());
        closing.add(throughProxy::close);
        Node cut = node(throughProxy, Duration.ofMillis(500));
        request(node(), exchange("GET", "r1", "/x/cut", null, headers()), "old", "Cache-Control", "max-age=60");
        Exchange post = exchange("DELETE", "r1", "/x/cut", null, headers());
        request(cut, post, null);

        proxy.cut();
        long start = System.nanoTime();
        await(cut.cache().invalidateFor(post, 204, headers()));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000, "bounded by the timeout");
        proxy.restore();
        sleep(1_200); // past the layer's back-off window, so the lookup asks Redis again

        assertInstanceOf(Outcome.Continue.class, request(cut, exchange("GET", "r1", "/x/cut", null, headers()), null),
                "Redis still holds the old entry under the old generation, and this node must not take it");
        assertInstanceOf(Outcome.Reply.class, request(node(), exchange("GET", "r1", "/x/cut", null, headers()), null),
                "a node that never saw the invalidation still has the entry: only Redis could have told it");
    }

    @Test
    void an_entry_larger_than_the_shared_limit_stays_on_its_node() {
        Node a = node();
        request(a, exchange("GET", "r1", "/x/big", null, headers()), "x".repeat(60 * 1024), "Cache-Control", "max-age=60",
                "X-Padding", "y".repeat(8 * 1024));

        assertEquals(1.0, a.registry().counter("gatehouse.cache.shared.stores", "result", "too-large").count());
        assertNotNull(a.cache().lookup("api.example /x/big", null, headers()));
        assertInstanceOf(Outcome.Continue.class, request(node(), exchange("GET", "r1", "/x/big", null, headers()), null));
    }

    @Test
    void refused_redis_is_a_counted_miss_and_is_then_skipped_for_a_while() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Redis refused = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
        closing.add(refused::close);
        Node down = node(refused, Duration.ofSeconds(2));

        Exchange first = exchange("GET", "r1", "/x/down", null, headers());
        assertInstanceOf(Outcome.Continue.class, request(down, first, "served", "Cache-Control", "max-age=60"));
        assertInstanceOf(Outcome.Continue.class, request(down, exchange("GET", "r1", "/x/down2", null, headers()), null));

        assertEquals(1.0, down.registry().counter("gatehouse.cache.shared.lookups", "result", "error").count());
        assertEquals(1.0, down.registry().counter("gatehouse.cache.shared.lookups", "result", "skipped").count());
        assertNotNull(down.cache().lookup("api.example /x/down", null, headers()), "the node still caches for itself");
    }

    @Test
    void silent_redis_is_a_miss_after_the_timeout_budget() throws Exception {
        ServerSocket silent = new ServerSocket(0);
        closing.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        Redis hanging = Redis.createClient(vertx, "redis://127.0.0.1:" + silent.getLocalPort());
        closing.add(hanging::close);
        Node slow = node(hanging, Duration.ofMillis(300));

        long start = System.nanoTime();
        Outcome outcome = request(slow, exchange("GET", "r1", "/x/silent", null, headers()), null);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertInstanceOf(Outcome.Continue.class, outcome);
        assertTrue(tookMs < 5_000, "a silent Redis must not hold the request: " + tookMs + " ms");
        assertEquals(1.0, slow.registry().counter("gatehouse.cache.shared.lookups", "result", "error").count());
    }

    @Test
    void the_store_script_keeps_the_ttl_of_the_freshest_variant_and_caps_variants() {
        String key = namespace + ":script-test";
        Request store1 = Request.cmd(Command.EVAL).arg(SharedCache.STORE_SCRIPT).arg(1).arg(key).arg("v1")
                .arg(Buffer.buffer(new byte[]{0, 1, 2, (byte) 255})).arg(60_000).arg(3);
        assertEquals(1, redis(store1).toInteger());
        assertEquals(2, redis(Request.cmd(Command.EVAL).arg(SharedCache.STORE_SCRIPT).arg(1).arg(key).arg("v2")
                .arg("b").arg(1_000).arg(3)).toInteger());
        long ttl = redis(Request.cmd(Command.PTTL).arg(key)).toLong();
        assertTrue(ttl > 50_000, "a shorter-lived variant does not shorten the key: " + ttl);
        assertEquals(Buffer.buffer(new byte[]{0, 1, 2, (byte) 255}), redis(Request.cmd(Command.HGET).arg(key).arg("v1")).toBuffer(),
                "binary entries survive");

        redis(Request.cmd(Command.EVAL).arg(SharedCache.STORE_SCRIPT).arg(1).arg(key).arg("v3").arg("c").arg(120_000).arg(3));
        assertTrue(redis(Request.cmd(Command.PTTL).arg(key)).toLong() > 100_000, "a longer-lived variant extends it");
        assertEquals(3, redis(Request.cmd(Command.EVAL).arg(SharedCache.STORE_SCRIPT).arg(1).arg(key).arg("v1")
                .arg("a2").arg(1_000).arg(3)).toInteger(), "replacing a variant is not a new one");
        assertEquals(1, redis(Request.cmd(Command.EVAL).arg(SharedCache.STORE_SCRIPT).arg(1).arg(key).arg("v4")
                .arg("d").arg(1_000).arg(3)).toInteger(), "a fourth variant starts the URL afresh");
        long fresh = redis(Request.cmd(Command.PTTL).arg(key)).toLong();
        assertTrue(fresh > 0 && fresh <= 1_000, "and its TTL is the new entry's: " + fresh);
        assertFalse(redis(Request.cmd(Command.HEXISTS).arg(key).arg("v1")).toBoolean());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
