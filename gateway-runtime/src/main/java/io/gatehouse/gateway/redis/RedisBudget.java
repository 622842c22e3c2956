package io.gatehouse.gateway.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeoutException;

/**
 * The time budget of one Redis call made for a request (a rate limit decision, a shared cache lookup or store): a
 * slow or dead Redis fails the call within the budget instead of holding the request, and the answer comes back on
 * the context that made the call, since a request and its connection belong to one event loop.
 */
public final class RedisBudget {

    private RedisBudget() {
    }

    /**
     * {@code call}, failed with a {@link TimeoutException} once {@code timeoutMs} have passed without an answer, and
     * completed on the caller's context (when there is one).
     *
     * @param forWhom who waits, for the timeout's message: {@code "Redis did not answer <forWhom> within …"}
     */
    public static <T> Future<T> within(Vertx vertx, long timeoutMs, String forWhom, Future<T> call) {
        Context caller = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> promise.tryFail(
                new TimeoutException("Redis did not answer " + forWhom + " within " + timeoutMs + " ms")));
        call.onComplete(ar -> {
            vertx.cancelTimer(timer);
            Runnable deliver = () -> {
                if (ar.succeeded()) {
                    promise.tryComplete(ar.result());
                } else {
                    promise.tryFail(ar.cause());
                }
            };
            if (caller != null && Vertx.currentContext() != caller) {
                caller.runOnContext(v -> deliver.run());
            } else {
                deliver.run();
            }
        });
        return promise.future();
    }
}
