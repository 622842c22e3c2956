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
import io.gatehouse.testing.RedisSentinel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's Redis work against real sentinels ({@link RedisSentinel}: a master, a replica, three sentinels), through
 * the options {@link RedisTopology} makes for {@code GATEHOUSE_REDIS_MODE=sentinel}: the exact limiter, the
 * subscription that hears config announcements and revocations, and usage batches waiting for the replica
 * ({@code WAIT 1}, the sentinel-mode default); each before and after the sentinels hand the master over, and usage after
 * the master is SIGKILLed.
 */
class RedisSentinelGatewayTest {

    private static final RedisStreamSender.ReplicaAcks ONE_REPLICA =
            new RedisStreamSender.ReplicaAcks(1, Duration.ofSeconds(1));

    private static RedisSentinel sentinel;
    private static Vertx vertx;
    private static Redis redis;
    private static RedisTopology topology;

    private final String ns = "se-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        sentinel = RedisSentinel.start();
        vertx = Vertx.vertx();
        topology = new RedisTopology(RedisClientType.SENTINEL, List.of(sentinel.sentinelUris().split(",")),
                RedisSentinel.MASTER_NAME, Optional.empty());
        redis = Redis.createClient(vertx, topology.options());
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void the_exact_limiter_admits_the_limit_and_not_one_more_on_the_master_the_sentinels_name() throws Exception {
        PlanLimits plan = plan(rate(20, "hour"));
        RateLimiter limiter = limiter();
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            allowed += await(limiter.acquire(plan, "sub-exact")).allowed() ? 1 : 0;
        }
        assertEquals(20, allowed);
        String window = ns + ":rl:{" + plan.planId() + ":subscription:sub-exact}:hour";
        assertEquals("1", sentinel.cli(sentinel.master(), "EXISTS", window).trim(), "counted on the master");
    }

    @Test
    void after_a_sentinel_failover_the_limiter_subscription_and_usage_follow_the_new_master() throws Exception {
        PlanLimits plan = plan(rate(10, "hour"));
        RateLimiter limiter = limiter();
        String channel = ns + ":config:changed";
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Boolean> subscribed = new CopyOnWriteArrayList<>();
        ChannelSubscription subscription = subscribe(channel, heard, subscribed);
        awaitTrue("the subscription", subscription::subscribed);
        String stream = RedisStreamSender.streamKey(ns);
        RedisStreamSender sender = new RedisStreamSender(redis, vertx, List.of(stream), 1_000, Duration.ofSeconds(3),
                ONE_REPLICA);

        for (int i = 0; i < 4; i++) {
            assertTrue(await(limiter.acquire(plan, "sub-moved")).allowed());
        }
        RedisSentinel.Node before = sentinel.master();
        sentinel.cli(before, "PUBLISH", channel, "{\"version\":1}");
        awaitTrue("the announcement before", () -> heard.contains("{\"version\":1}"));
        send(sender, "a");

        sentinel.failover();
        RedisSentinel.Node after = sentinel.master();
        assertNotEquals(before, after, "the replica is master now");

        // The limiter's connections were closed by the sentinels (CLIENT KILL on the demoted master); the next call
        // asks the sentinels anew and counts on the new master, which had the four counted before.
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            LimitDecision d = await(limiter.acquire(plan, "sub-moved"));
            assertNotEquals(LimitDecision.Verdict.UNAVAILABLE, d.verdict(), "Redis answers after the failover");
            allowed += d.allowed() ? 1 : 0;
        }
        assertEquals(6, allowed, "the four counted before the failover still count");

        awaitTrue("a subscription again", () -> subscribed.contains(true) && subscription.subscribed());
        sentinel.cli(after, "PUBLISH", channel, "{\"version\":2,\"revoked\":\"key-1\"}");
        awaitTrue("the revocation after the failover", () -> heard.contains("{\"version\":2,\"revoked\":\"key-1\"}"));

        send(sender, "b");
        assertEquals("2", sentinel.cli(after, "XLEN", stream).trim(), "both batches on the new master");
    }

    @Test
    void after_the_master_is_killed_usage_waits_for_a_replica_and_then_reaches_the_new_master() throws Exception {
        String stream = RedisStreamSender.streamKey(ns);
        RedisStreamSender sender = new RedisStreamSender(redis, vertx, List.of(stream), 1_000, Duration.ofSeconds(3),
                ONE_REPLICA);
        send(sender, "a");

        RedisSentinel.Node killed = sentinel.killMaster();
        try {
            RedisSentinel.Node promoted = sentinel.master();
            assertEquals("1", sentinel.cli(promoted, "XLEN", stream).trim(),
                    "the acknowledged batch survived: its replica had it before it counted as sent");
            ExecutionException kept = assertThrows(ExecutionException.class, () -> sendOnce(sender, "b"),
                    "no replica is left to acknowledge, so the batch does not count as sent");
            assertInstanceOf(RedisStreamSender.NotReplicatedException.class, kept.getCause());
        } finally {
            sentinel.restart(killed);
        }
        send(sender, "b");
        assertTrue(Integer.parseInt(sentinel.cli(sentinel.master(), "XLEN", stream).trim()) >= 2,
                "the batch sent again arrived (billing counts its events once if the first try left a copy)");
    }

    /**
     * Sends one batch as the recorder would: a batch the replica did not acknowledge in time is sent again (on this
     * 2-core machine under load a process can be kept off the CPU for 300 ms), for at most 10 s.
     */
    private void send(RedisStreamSender sender, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                sendOnce(sender, id);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RedisStreamSender.NotReplicatedException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private void sendOnce(RedisStreamSender sender, String id) throws Exception {
        sender.send(UsageBatch.ofEncoded("node-a", List.of("{\"id\":\"" + id + "\"}")))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ChannelSubscription subscribe(String channel, List<String> heard, List<Boolean> subscribed) {
        ChannelSubscription subscription = new ChannelSubscription(redis, vertx, channel, "gatehouse-test-" + ns,
                Logger.getLogger(RedisSentinelGatewayTest.class), "");
        subscription.start(new ChannelSubscription.Listener() {
            @Override
            public void onMessage(String payload) {
                heard.add(payload);
            }

            @Override
            public void onSubscribed(boolean again) {
                subscribed.add(again);
            }
        });
        opened.add(subscription::stop);
        return subscription;
    }

    private RateLimiter limiter() {
        LoopConnections connections = new LoopConnections(vertx, topology.options(), 2_000, 5_000);
        opened.add(connections::close);
        return new RateLimiter(new RedisLimitStore(connections), ns, Clock.systemUTC(), System::nanoTime,
                RateLimiter.Settings.defaults(), RateLimitMetrics.NONE, () -> 1);
    }

    private static PlanLimits plan(LimitWindow... windows) {
        return new PlanLimits("plan-" + UUID.randomUUID(), PlanLimits.Subject.SUBSCRIPTION, PlanLimits.Mode.EXACT,
                PlanLimits.Degraded.FAIL_CLOSED, ZoneOffset.UTC, List.of(windows));
    }

    private static LimitWindow rate(long max, String unit) {
        return new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.of(unit), max);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
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
