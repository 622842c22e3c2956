package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: a revocation reaches every node fast, and the admin can wait for it. Four gateway processes share one
 * Redis; 48 keep-alive clients (12 on each gateway, the house bar) keep this two-core machine busy the whole time. Each
 * node is probed every 5 ms (on probe connections of its own) from the moment the revoke call is sent until it answers
 * 401. Two figures per node: from management's decision ({@code revokedAt}, taken inside the revoke transaction, before
 * its statements and commit) to the first 401, which is what the 250 ms p99 holds for; and from sending the revoke
 * call, which adds the admin API's own time on the saturated machine (bounded by 1 s).
 *
 * <p>Each run revokes 25 keys, so 100 node refusals: their p99 (nearest rank) is the second slowest, so a single
 * revocation that reaches all four nodes late fails the run. Every refusal still has to come within 1 s of the call.
 * A slow revocation's report says when its announcement reached a subscriber of the config channel, so its time is
 * placed before the announcement (management) or after it (Redis and the gateways).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationPropagationTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final int GATEWAYS = 4;
    private static final int LOAD_CONNECTIONS_PER_GATEWAY = 12;
    private static final int REVOCATIONS = 25;
    private static final int RUNS = 3;
    private static final long POLL_MS = 5;
    /** Probes in flight to one node at most (each on its own keep-alive connection). */
    private static final int PROBE_CONNECTIONS = 16;
    private static final int WARM_UP_REVOCATIONS = 20;
    /** The acknowledged wait of a measured revocation, as the issue asks. */
    private static final String MEASURED_WAIT = "2s";
    /** The acknowledged wait of a warm-up revocation, made while the fleet's JVMs are still compiling. */
    private static final String WARM_UP_WAIT = "10s";

    private EchoUpstream upstream;
    private ServiceProcess management;
    private final List<ServiceProcess> gateways = new ArrayList<>();
    private Vertx vertx;
    private Vertx pollVertx;
    private HttpClient load;
    private HttpClient poll;
    private Admin admin;
    private String app;
    private String loadKey;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicLong loadAnswers = new AtomicLong();
    /** When each revoked key's announcement reached this test's own subscriber of the config channel. */
    private final Map<String, Long> announcedAt = new ConcurrentHashMap<>();
    private Redis announcements;
    private final Closer closer = new Closer();

    @BeforeAll
    void start_management_and_four_gateways_under_load() throws Exception {
        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_revocation");
        String namespace = "e2e-rv-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        management = closer.add(new ServiceProcess("revocation-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start());
        for (int i = 1; i <= GATEWAYS; i++) {
            ServiceProcess gateway = closer.add(new ServiceProcess("revocation-gateway-" + i, "gateway-runtime", ServiceProcess.env(
                    "GATEHOUSE_MANAGEMENT_URL", management.url(),
                    "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                    "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                    "GATEHOUSE_GATEWAY_DATA_DIR", Files.createTempDirectory("gatehouse-revocation-").toString(),
                    "GATEHOUSE_GATEWAY_NODE_ID", "revoke-gw-" + i,
                    // Probes send the revoked key from one address many times a round: never throttle them to 429.
                    "GATEHOUSE_GATEWAY_BAD_CREDENTIALS_PER_IP", "0")).start());
            gateways.add(gateway);
            // A gateway a test paused (SIGSTOP) stops at once only when resumed.
            closer.add(() -> gateway.signal("CONT"));
        }
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        String api = admin.create("/admin/v1/apis", Map.of("name", "Revocation", "lifecycle", "published",
                "routePath", "/rv", "upstreamUrl", upstream.url()));
        String plan = admin.create("/admin/v1/plans", Map.of("apiId", api, "name", "Unlimited", "limitMode", "exact",
                "limits", List.of()));
        String org = admin.create("/admin/v1/organizations", Map.of("name", "Revocations " + UUID.randomUUID()));
        app = admin.create("/admin/v1/applications", Map.of("organizationId", org, "name", "App"));
        admin.create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
        loadKey = issueKey("load")[0];
        admin.awaitConfigOn("revoke-gw-", GATEWAYS);

        vertx = closer.add(Vertx.vertx());
        load = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(LOAD_CONNECTIONS_PER_GATEWAY).setMaxWaitQueueSize(-1));
        // The probes have an event loop of their own: the load's answers must not delay them.
        pollVertx = closer.add(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)));
        poll = pollVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(PROBE_CONNECTIONS));
        listenToAnnouncements(redis, namespace);
        closer.add(() -> loading.set(false));
        loading.set(true);
        for (int c = 0; c < GATEWAYS * LOAD_CONNECTIONS_PER_GATEWAY; c++) {
            keepBusy(URI.create(gateways.get(c % GATEWAYS).url()));
        }
        // Warm: the JIT compilers of six fresh JVMs would otherwise own the CPU for the first minute, which is not how a
        // running fleet looks. Unmeasured revocations warm management's revoke path and the gateways' as well.
        // While they run, six JVMs compile at once and Redis is starved of CPU: a node that applied a revocation in
        // time can report it to management seconds later. So a warm-up revocation gives its acknowledged wait 10 s (it
        // must still end complete); the measured ones below wait 2 s, as the issue asks.
        for (int r = 0; r < WARM_UP_REVOCATIONS; r++) {
            revokeAndProbe("warm-up " + r, WARM_UP_WAIT, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    @AfterAll
    void stop_everything() throws Exception {
        closer.close();
    }

    @Test
    void a_revoked_key_is_refused_by_every_node_within_250_ms_p99_and_the_wait_names_all_four() throws Exception {
        for (int run = 1; run <= RUNS; run++) {
            List<Long> fromDecision = new ArrayList<>();
            List<Long> fromCall = new ArrayList<>();
            List<String> slow = new ArrayList<>();
            long answersBefore = loadAnswers.get();
            for (int r = 0; r < REVOCATIONS; r++) {
                revokeAndProbe("run " + run + " #" + r, MEASURED_WAIT, fromDecision, fromCall, slow);
            }
            long busy = loadAnswers.get() - answersBefore;
            System.out.printf("revocation run %d: %d node refusals; from management's decision (revokedAt): %s; "
                    + "from sending the revoke call: %s; %d load answers meanwhile; %d revocations' announcements "
                    + "seen on the config channel so far%n",
                    run, fromDecision.size(), spread(fromDecision), spread(fromCall), busy, announcedAt.size());
            assertTrue(busy > 1_000, "the machine was kept busy: " + busy + " load answers");
            slow.forEach(s -> System.out.println("slow revocation " + s));
            assertTrue(percentile(fromDecision, 99) <= 250, "run " + run + ": p99 > 250 ms: " + fromDecision + "; " + slow);
            assertTrue(percentile(fromCall, 100) <= 1_000, "run " + run + ": max > 1 s from the call: " + fromCall);
        }
    }

    @Test
    void the_wait_names_a_stopped_node_as_not_applied_and_returns_at_its_deadline() throws Exception {
        ServiceProcess stopped = gateways.get(GATEWAYS - 1);
        for (int run = 1; run <= RUNS; run++) {
            String[] key = issueKey("stopped run " + run);
            awaitAcceptedEverywhere(key[0]);
            stopped.signal("STOP");
            JsonNode p;
            try {
                p = revoke(key[1], "1500ms").get("propagation");
            } finally {
                stopped.signal("CONT");
            }
            System.out.printf("revocation with a stopped node, run %d: %s%n", run, p);
            assertFalse(p.get("complete").asBoolean(), "run " + run + ": " + p);
            assertEquals(List.of("revoke-gw-4"), names(p.get("pending")), "run " + run + ": " + p);
            assertEquals(List.of("revoke-gw-1", "revoke-gw-2", "revoke-gw-3"), names(p.get("applied")), "run " + run);
            assertTrue(p.get("waitedMs").asLong() >= 1_500, "it waited for the deadline: " + p);
            // Resumed, the node catches up and refuses the key like the others.
            firstRefusal(URI.create(stopped.url()), key[0]).get(5, TimeUnit.SECONDS);
        }
    }

    // ---- helpers ----

    /**
     * Issues a key, waits until every node takes it, then revokes it with {@code wait} while probing every node;
     * adds each node's time to its first 401 from management's decision and from sending the call, and to {@code slow}
     * where the time went when a node took longer than 250 ms.
     */
    private void revokeAndProbe(String name, String wait, List<Long> fromDecision, List<Long> fromCall, List<String> slow)
            throws Exception {
        String[] key = issueKey(name);
        awaitAcceptedEverywhere(key[0]);

        List<CompletableFuture<Long>> refused = new ArrayList<>();
        long callMillis = System.currentTimeMillis();
        for (ServiceProcess g : gateways) {
            refused.add(firstRefusal(URI.create(g.url()), key[0]));
        }
        JsonNode answer = revoke(key[1], wait);
        long answeredMillis = System.currentTimeMillis();
        long decidedMillis = java.time.Instant.parse(answer.get("revokedAt").asText()).toEpochMilli();
        List<Long> times = new ArrayList<>();
        for (CompletableFuture<Long> f : refused) {
            long at = f.get(5, TimeUnit.SECONDS);
            fromDecision.add(at - decidedMillis);
            fromCall.add(at - callMillis);
            times.add(at - decidedMillis);
        }
        JsonNode p = answer.get("propagation");
        if (times.stream().anyMatch(t -> t > 250)) {
            // Where the time went: the call (sent → decided → answered) and management's own wait for the nodes.
            Long announced = announcedAt.get(key[1]);
            slow.add(name + ": refused after " + times + " ms from the decision at " + answer.get("revokedAt").asText()
                    + "; announced on Redis " + (announced == null ? "(not seen)" : (announced - decidedMillis) + " ms")
                    + " after the decision; decided " + (decidedMillis - callMillis)
                    + " ms after the call was sent, answered " + (answeredMillis - decidedMillis)
                    + " ms after the decision; propagation " + p);
        }
        assertTrue(p.get("complete").asBoolean(), name + ": the wait ended before every node applied: " + p);
        assertEquals(List.of("revoke-gw-1", "revoke-gw-2", "revoke-gw-3", "revoke-gw-4"), names(p.get("applied")),
                name + ": " + p);
        assertEquals(List.of(), names(p.get("pending")));
    }

    /** A new key of the application: {full key, key id}. */
    private String[] issueKey(String name) {
        JsonNode issued = admin.call("POST", "/admin/v1/applications/" + app + "/keys", Map.of("name", name));
        return new String[] {issued.get("key").asText(), issued.get("details").get("id").asText()};
    }

    private JsonNode revoke(String keyId, String wait) {
        return admin.call("POST", "/admin/v1/keys/" + keyId + "/revoke?wait=" + wait, Map.of("reason", "e2e"));
    }

    private void awaitAcceptedEverywhere(String key) throws Exception {
        for (ServiceProcess g : gateways) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Http.get(g.url() + "/rv/echo", "X-Api-Key", key).status() != 200) {
                assertTrue(System.nanoTime() < deadline, "the new key never worked on " + g.name);
                Thread.sleep(10);
            }
        }
    }

    /**
     * Probes {@code gateway} every {@value #POLL_MS} ms, without waiting for earlier probes to answer (a probe the
     * gateway still accepts goes to the busy upstream and takes tens of milliseconds, which waiting for would make the
     * probing that much coarser); completes with the wall-clock millisecond of the first 401 (one machine, one clock:
     * comparable with management's {@code revokedAt}).
     */
    private CompletableFuture<Long> firstRefusal(URI gateway, String key) {
        Promise<Long> done = Promise.promise();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI("/rv/echo").putHeader("X-Api-Key", key);
        long timer = pollVertx.setPeriodic(0, POLL_MS, id -> {
            if (done.future().isComplete()) {
                pollVertx.cancelTimer(id);
            } else if (System.nanoTime() > deadline) {
                pollVertx.cancelTimer(id);
                done.tryFail(new AssertionError(gateway + " still accepted the revoked key after 5 s"));
            } else if (inFlight.get() < PROBE_CONNECTIONS) {
                inFlight.incrementAndGet();
                poll.request(o).compose(req -> req.send()).compose(res -> res.body().map(b -> res.statusCode()))
                        .onComplete(ar -> {
                            inFlight.decrementAndGet();
                            if (ar.succeeded() && ar.result() == 401) {
                                done.tryComplete(System.currentTimeMillis());
                            }
                        });
            }
        });
        return done.future().onComplete(ar -> pollVertx.cancelTimer(timer)).toCompletionStage().toCompletableFuture();
    }

    /**
     * Subscribes to the config channel on a connection of its own and notes when each revocation's announcement
     * arrives, so a slow revocation's report says whether its time went before the announcement (management's commit
     * and publish) or after it (Redis and the gateways). A diagnostic only: it asserts nothing.
     */
    private void listenToAnnouncements(String redis, String namespace) throws Exception {
        Pattern revokedKeys = Pattern.compile("\"revokedKeys\":\\[([^\\]]*)]");
        announcements = Redis.createClient(pollVertx, redis);
        closer.add(announcements::close);
        RedisConnection connection = announcements.connect().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        connection.handler(message -> {
            long now = System.currentTimeMillis();
            // A pub/sub push: ["message", channel, payload]
            if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                Matcher m = revokedKeys.matcher(message.get(2).toString());
                if (m.find()) {
                    for (String id : m.group(1).replace("\"", "").split(",")) {
                        announcedAt.putIfAbsent(id.trim(), now);
                    }
                }
            }
        });
        connection.send(Request.cmd(Command.SUBSCRIBE).arg(namespace + ":config:changed"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void keepBusy(URI gateway) {
        if (!loading.get()) {
            return;
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI("/rv/echo").putHeader("X-Api-Key", loadKey);
        load.request(o).compose(req -> req.send()).compose(res -> res.body())
                .onComplete(ar -> {
                    loadAnswers.incrementAndGet();
                    keepBusy(gateway);
                });
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }

    private static String spread(List<Long> ms) {
        return "p50 " + percentile(ms, 50) + " ms, p90 " + percentile(ms, 90) + " ms, p99 " + percentile(ms, 99)
                + " ms, max " + percentile(ms, 100) + " ms";
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
