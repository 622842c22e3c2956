package io.gatehouse.gateway.redis;

import io.gatehouse.gateway.config.ChannelSubscription;
import io.gatehouse.gateway.policy.ratelimit.LimitDecision;
import io.gatehouse.gateway.policy.ratelimit.LimitWindow;
import io.gatehouse.gateway.policy.ratelimit.PlanLimits;
import io.gatehouse.gateway.policy.ratelimit.RateLimitMetrics;
import io.gatehouse.gateway.policy.ratelimit.RateLimiter;
import io.gatehouse.gateway.policy.ratelimit.RedisLimitStore;
import io.gatehouse.gateway.usage.RedisStreamSender;
import io.gatehouse.gateway.usage.UsageBatch;
import io.gatehouse.testing.RedisCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's Redis work on a real Redis Cluster of three masters and three replicas ({@link RedisCluster}), through
 * the options {@link RedisTopology} makes for {@code GATEHOUSE_REDIS_MODE=cluster}: the limiter's script (exact and
 * leased) with each subject's windows in one slot, the usage stream, and a config announcement published on any
 * node reaching a subscription. The JVM's shared cluster ({@link RedisCluster#shared()}, ten seconds to form).
 */
class RedisClusterGatewayTest {

    private static RedisCluster cluster;
    private static Vertx vertx;
    private static Redis redis;
    private static RedisTopology topology;
    private static final List<LoopConnections> OPENED = new CopyOnWriteArrayList<>();

    private final String ns = "cl-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        cluster = RedisCluster.shared();
        vertx = Vertx.vertx();
        topology = new RedisTopology(RedisClientType.CLUSTER, List.of(cluster.seeds().split(",")), null,
                Optional.empty());
        redis = Redis.createClient(vertx, topology.options());
    }

    @AfterAll
    static void stop() throws Exception {
        OPENED.forEach(LoopConnections::close);
        if (redis != null) {
            redis.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_exact_limiter_admits_each_subjects_limit_with_its_windows_on_one_master_across_all_masters()
            throws Exception {
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, rate(100, "minute"), rate(20, "hour"), quota(25, "month"));
        RateLimiter limiter = limiter(1);
        Set<RedisCluster.Node> masters = new HashSet<>();
        for (int s = 0; s < 12; s++) {
            String subject = "sub-" + s;
            int allowed = 0;
            for (int i = 0; i < 30; i++) {
                allowed += await(limiter.acquire(plan, subject)).allowed() ? 1 : 0;
            }
            assertEquals(20, allowed, subject + " gets the hour's 20, no more");
            // The windows of one subject are one script's keys: one hash tag, one master.
            String base = ns + ":rl:{" + plan.planId() + ":subscription:" + subject + "}:";
            RedisCluster.Node master = cluster.masterOf(base + "hour");
            masters.add(master);
            assertEquals("1", cluster.cli(master, "EXISTS", base + "minute").trim());
            assertEquals("1", cluster.cli(master, "EXISTS", base + "hour").trim());
            assertTrue(cluster.cli(master, "KEYS", base + "month:*").contains(base + "month:"));
        }
        assertEquals(3, masters.size(), "twelve subjects spread over all three masters");
    }

    @Test
    void leased_limiters_on_two_nodes_never_admit_more_than_the_limit() throws Exception {
        PlanLimits plan = plan(PlanLimits.Mode.LEASED, rate(500, "hour"));
        List<RateLimiter> nodes = List.of(limiter(2), limiter(2));
        int allowed = 0;
        for (int i = 0; i < 800; i++) {
            allowed += await(nodes.get(i % 2).acquire(plan, "sub-leased")).allowed() ? 1 : 0;
        }
        long maxSlice = RateLimiter.Settings.defaults().maxSlice();
        assertTrue(allowed <= 500, "never more than the limit: " + allowed);
        assertTrue(allowed >= 500 - 2 * maxSlice, "at most the nodes' unspent slices are denied: " + allowed);
    }

    @Test
    void the_limiter_keeps_counting_after_its_master_fails_over_to_the_replica() throws Exception {
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, rate(10, "hour"));
        RateLimiter limiter = limiter(1);
        for (int i = 0; i < 4; i++) {
            assertTrue(await(limiter.acquire(plan, "sub-moved")).allowed());
        }
        RedisCluster.Node master = cluster.masterOf(ns + ":rl:{" + plan.planId() + ":subscription:sub-moved}:hour");
        cluster.failover(cluster.replicaOf(master));

        // The replica had every write (a coordinated failover); the limiter follows the slot to its new master.
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            LimitDecision d = await(limiter.acquire(plan, "sub-moved"));
            assertFalse(d.verdict() == LimitDecision.Verdict.UNAVAILABLE, "Redis answers after the failover");
            allowed += d.allowed() ? 1 : 0;
        }
        assertEquals(6, allowed, "the four counted before the failover still count");
    }

    @Test
    void a_usage_batch_is_appended_to_the_stream_on_its_master() throws Exception {
        String key = RedisStreamSender.streamKey(ns);
        RedisStreamSender sender = new RedisStreamSender(redis, vertx, List.of(key), 1_000, Duration.ofSeconds(5));
        sender.send(UsageBatch.ofEncoded("node-a", List.of("{\"id\":\"1\"}", "{\"id\":\"2\"}")))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        Response entries = await(redis.send(Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+")));
        assertEquals(1, entries.size());
        assertEquals("2", field(entries.get(0), "n"));
        assertEquals("node-a", field(entries.get(0), "node"));
        assertEquals("1", cluster.cli(cluster.masterOf(key), "XLEN", key).trim(), "on the master of its slot");
    }

    @Test
    void usage_batches_are_spread_evenly_over_three_stream_shards_each_in_its_own_slot() throws Exception {
        List<String> keys = RedisStreamSender.streamKeys(ns, 3);
        assertEquals(RedisStreamSender.streamKey(ns), keys.get(0), "shard 0 keeps the key of an unsharded stream");
        RedisStreamSender sender = new RedisStreamSender(redis, vertx, keys, 1_000, Duration.ofSeconds(5));
        for (int i = 0; i < 9; i++) {
            sender.send(UsageBatch.ofEncoded("node-a", List.of("{\"id\":\"" + i + "\"}")))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Set<String> slots = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (String key : keys) {
            assertEquals("3", cluster.cli(cluster.masterOf(key), "XLEN", key).trim(), key + " holds a third of the batches");
            slots.add(cluster.cli(cluster.masterOf(key), "CLUSTER", "KEYSLOT", key).trim());
            Response entries = await(redis.send(Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+")));
            for (Response entry : entries) {
                ids.add(field(entry, "events"));
            }
        }
        assertEquals(3, slots.size(), "each shard has a slot of its own");
        assertEquals(9, ids.size(), "every batch landed once");
    }

    @Test
    void a_config_announcement_published_on_any_master_reaches_a_subscription_on_the_cluster() {
        String channel = ns + ":config:changed";
        List<String> received = new CopyOnWriteArrayList<>();
        ChannelSubscription subscription = new ChannelSubscription(redis, vertx, channel, "gatehouse-test-" + ns,
                Logger.getLogger(RedisClusterGatewayTest.class), "");
        subscription.start(new ChannelSubscription.Listener() {
            @Override
            public void onMessage(String payload) {
                received.add(payload);
            }

            @Override
            public void onSubscribed(boolean again) {
            }
        });
        try {
            awaitTrue("the subscription", subscription::subscribed);
            // Plain PUBLISH reaches every node of a cluster, so a publisher on any master reaches the subscriber.
            List<String> sent = new ArrayList<>();
            for (RedisCluster.Node master : cluster.masters()) {
                String payload = "{\"version\":" + master.port() + "}";
                cluster.cli(master, "PUBLISH", channel, payload);
                sent.add(payload);
            }
            awaitTrue("every announcement", () -> received.size() == sent.size());
            assertEquals(sent, received);
        } finally {
            subscription.stop();
        }
    }

    @Test
    void a_subscription_whose_node_is_killed_subscribes_again_and_hears_the_next_announcement() {
        String channel = ns + ":config:changed";
        List<String> received = new CopyOnWriteArrayList<>();
        List<Boolean> subscriptions = new CopyOnWriteArrayList<>();
        String name = "gatehouse-test-" + ns;
        ChannelSubscription subscription = new ChannelSubscription(redis, vertx, channel, name,
                Logger.getLogger(RedisClusterGatewayTest.class), "");
        subscription.start(new ChannelSubscription.Listener() {
            @Override
            public void onMessage(String payload) {
                received.add(payload);
            }

            @Override
            public void onSubscribed(boolean again) {
                subscriptions.add(again);
            }
        });
        RedisCluster.Node host = null;
        try {
            awaitTrue("the subscription", subscription::subscribed);
            host = subscriber(channel).orElseThrow();
            cluster.kill(host);
            awaitTrue("a subscription again", () -> subscriptions.contains(true) && subscription.subscribed());
            cluster.awaitHealthy(Duration.ofSeconds(30));
            RedisCluster.Node now = subscriber(channel).orElseThrow();
            assertFalse(now.equals(host), "subscribed on a live node");
            cluster.cli(cluster.masters().get(0), "PUBLISH", channel, "{\"version\":2}");
            awaitTrue("the announcement after the loss", () -> received.contains("{\"version\":2}"));
        } finally {
            subscription.stop();
            if (host != null && !host.alive()) {
                cluster.restart(host);
            }
        }
    }

    /** The live node holding a connection subscribed to {@code channel}. */
    private static Optional<RedisCluster.Node> subscriber(String channel) {
        return cluster.nodes().stream().filter(RedisCluster.Node::alive)
                .filter(n -> cluster.cli(n, "PUBSUB", "NUMSUB", channel).lines().skip(1).findFirst()
                        .map(String::trim).filter(c -> !c.equals("0")).isPresent())
                .findFirst();
    }

    private RateLimiter limiter(int liveNodes) throws Exception {
        LoopConnections connections = new LoopConnections(vertx, topology.options(), 2_000, 5_000);
        OPENED.add(connections);
        RedisLimitStore store = new RedisLimitStore(connections);
        return new RateLimiter(store, ns, Clock.systemUTC(), System::nanoTime, RateLimiter.Settings.defaults(),
                RateLimitMetrics.NONE, () -> liveNodes);
    }

    private static PlanLimits plan(PlanLimits.Mode mode, LimitWindow... windows) {
        return new PlanLimits("plan-" + UUID.randomUUID(), PlanLimits.Subject.SUBSCRIPTION, mode,
                PlanLimits.Degraded.FAIL_CLOSED, ZoneOffset.UTC, List.of(windows));
    }

    private static LimitWindow rate(long max, String unit) {
        return new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.of(unit), max);
    }

    private static LimitWindow quota(long max, String unit) {
        return new LimitWindow(LimitWindow.Kind.QUOTA, LimitWindow.Unit.of(unit), max);
    }

    private static String field(Response entry, String name) {
        Response fields = entry.get(1);
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (name.equals(fields.get(i).toString())) {
                return fields.get(i + 1).toString();
            }
        }
        return null;
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
