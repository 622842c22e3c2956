package io.gatehouse.gateway.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisBudgetTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void fails_a_call_that_gets_no_answer_within_the_budget_and_says_who_waited() throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        vertx.runOnContext(v -> RedisBudget.within(vertx, 50, "the test", Promise.promise().future())
                .onComplete(ar -> outcome.complete(ar.succeeded() ? ar.result() : ar.cause())));

        Object failure = outcome.get(10, TimeUnit.SECONDS);

        assertInstanceOf(TimeoutException.class, failure);
        assertEquals("Redis did not answer the test within 50 ms", ((Throwable) failure).getMessage());
    }

    @Test
    void delivers_an_answer_from_another_event_loop_on_the_callers_context() throws Exception {
        Context caller = vertx.getOrCreateContext();
        Context redisSide = vertx.getOrCreateContext();
        Promise<String> answer = Promise.promise();
        CompletableFuture<Context> deliveredOn = new CompletableFuture<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        caller.runOnContext(v -> RedisBudget.within(vertx, 10_000, "the test", answer.future()).onComplete(ar -> {
            deliveredOn.complete(Vertx.currentContext());
            result.complete(ar.result());
        }));

        redisSide.runOnContext(v -> answer.complete("pong"));

        assertEquals("pong", result.get(10, TimeUnit.SECONDS));
        assertSame(caller, deliveredOn.get(10, TimeUnit.SECONDS));
    }

    @Test
    void passes_a_failure_on_unchanged() throws Exception {
        IllegalStateException refused = new IllegalStateException("connection refused");
        CompletableFuture<Future<Object>> outcome = new CompletableFuture<>();
        vertx.runOnContext(v -> outcome.complete(RedisBudget.within(vertx, 10_000, "the test",
                Future.failedFuture(refused))));

        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> outcome.get(10, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
        assertSame(refused, thrown.getCause());
    }
}
