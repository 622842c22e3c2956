package io.gatehouse.gateway.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The silence rule on calls the test answers itself: no Redis, no network. */
class RedisSilenceTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void a_slow_call_is_answered_late_while_redis_keeps_answering_other_calls() throws Exception {
        RedisSilence silence = new RedisSilence(vertx, 30, 5_000, System::nanoTime);
        Promise<String> slow = Promise.promise();
        CompletableFuture<String> result = onLoop(() -> silence.guard("the test", slow.future()));
        // Other calls are answered every 10 ms for 300 ms: ten times the silence budget.
        long timer = vertx.setPeriodic(10, id -> silence.guard("the test", Future.succeededFuture("other")));
        Thread.sleep(300);
        slow.complete("late but used");
        assertEquals("late but used", result.get(5, TimeUnit.SECONDS));
        vertx.cancelTimer(timer);
    }

    @Test
    void a_call_fails_once_redis_has_answered_nothing_for_the_silence_budget() throws Exception {
        RedisSilence silence = new RedisSilence(vertx, 40, 5_000, System::nanoTime);
        long start = System.nanoTime();
        CompletableFuture<String> result = onLoop(() -> silence.guard("the test", Promise.<String>promise().future()));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> result.get(5, TimeUnit.SECONDS));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("answered nothing"), e.getCause().getMessage());
        assertTrue(waitedMs >= 35 && waitedMs < 2_000, "failed after " + waitedMs + " ms");
    }

    @Test
    void no_call_waits_past_the_longest_wait_even_while_redis_answers_others() throws Exception {
        RedisSilence silence = new RedisSilence(vertx, 20, 200, System::nanoTime);
        long timer = vertx.setPeriodic(5, id -> silence.guard("the test", Future.succeededFuture("other")));
        CompletableFuture<String> result = onLoop(() -> silence.guard("the test", Promise.<String>promise().future()));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> result.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("within 200 ms"), e.getCause().getMessage());
        vertx.cancelTimer(timer);
    }

    @Test
    void a_lost_connection_fails_at_once() throws Exception {
        RedisSilence silence = new RedisSilence(vertx, 10_000, 20_000, System::nanoTime);
        long start = System.nanoTime();
        CompletableFuture<String> result = onLoop(() -> silence.guard("the test",
                Future.failedFuture(new IllegalStateException("CONNECTION_CLOSED"))));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> result.get(5, TimeUnit.SECONDS));
        assertEquals("CONNECTION_CLOSED", e.getCause().getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000, "no waiting for the silence budget");
    }

    private static <T> CompletableFuture<T> onLoop(java.util.function.Supplier<Future<T>> call) {
        CompletableFuture<T> out = new CompletableFuture<>();
        vertx.runOnContext(v -> call.get().onComplete(ar -> {
            if (ar.succeeded()) {
                out.complete(ar.result());
            } else {
                out.completeExceptionally(ar.cause());
            }
        }));
        return out;
    }
}
