package io.gatehouse.gateway.config;

import io.gatehouse.testing.RedisNamespaceResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resubscribing channel both Redis listeners use, against the machine's real Redis. */
class ChannelSubscriptionRedisTest {

    private static final Logger LOG = Logger.getLogger(ChannelSubscriptionRedisTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String channel = "test-" + id + ":channel";
    private final String clientName = "test-" + id + ":subscriber";
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Boolean> subscriptions = new CopyOnWriteArrayList<>();
    private final ChannelSubscription.Listener listener = new ChannelSubscription.Listener() {
        @Override
        public void onMessage(String payload) {
            messages.add(payload);
        }

        @Override
        public void onSubscribed(boolean again) {
            subscriptions.add(again);
        }
    };
    private Vertx vertx;
    private Redis redis;
    private ChannelSubscription subscription;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, RedisNamespaceResource.REDIS_URL);
    }

    @AfterEach
    void stop() throws Exception {
        if (subscription != null) {
            subscription.stop();
        }
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void delivers_the_payload_of_each_message_once_subscribed_under_its_client_name() {
        subscription = new ChannelSubscription(redis, vertx, channel, clientName, LOG, "");
        subscription.start(listener);
        await(PATIENCE, "the subscription", subscription::subscribed);
        assertTrue(subscriberId().isPresent(), "the connection carries its client name");

        publish("one");
        publish("two");

        await(PATIENCE, "both messages", () -> messages.size() == 2);
        assertEquals(List.of("one", "two"), messages);
        assertEquals(List.of(false), subscriptions, "a first subscription is not a comeback");
    }

    @Test
    void subscribes_again_after_its_connection_is_killed_and_says_it_may_have_missed_messages() {
        subscription = new ChannelSubscription(redis, vertx, channel, clientName, LOG, "");
        subscription.start(listener);
        await(PATIENCE, "the subscription", subscription::subscribed);
        String before = subscriberId().orElseThrow();

        // Kill only this test's own connection: other Redis clients on the machine are left alone.
        join(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(before)));
        await(PATIENCE, "a new subscription connection",
                () -> subscriberId().filter(now -> !now.equals(before)).isPresent() && subscription.subscribed());
        publish("after");

        await(PATIENCE, "the message after the comeback", () -> messages.contains("after"));
        assertEquals(List.of(false, true), subscriptions);
    }

    private void publish(String payload) {
        join(redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload)));
    }

    private Optional<String> subscriberId() {
        String clients = join(redis.send(Request.cmd(Command.CLIENT).arg("LIST"))).toString();
        return Arrays.stream(clients.split("\n"))
                .filter(line -> line.contains(" name=" + clientName + " "))
                .map(line -> line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))))
                .findFirst();
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
