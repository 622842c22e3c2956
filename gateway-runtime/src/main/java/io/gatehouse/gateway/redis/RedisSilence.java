package io.gatehouse.gateway.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Tells a Redis that is away from a gateway that is busy. A call made through it fails only when
 * Redis itself has gone quiet: the call has waited {@code silenceMs} <em>and</em> no call through
 * this guard has had any answer from Redis in the last {@code silenceMs}. While answers keep
 * arriving, Redis is alive and a slow call is only queued behind our own work (a saturated event
 * loop, a pool of connections all busy): it keeps waiting and its answer is used, however late,
 * up to {@code maxWaitMs}. A refused or closed connection fails at once, as the client reports it.
 *
 * <p>Why not a plain timeout from the moment a request asks: on a saturated machine the time
 * between asking and reading the answer is mostly spent in our own queues (the command waits for
 * a pooled connection, the answer waits for the event loop), and a timeout that counts it takes a
 * busy gateway for a dead Redis. Answers are stamped when the client reads them, on whichever
 * event loop owns the connection, so the stamp is as fresh as the socket.
 *
 * <p>Answers come back on the caller's context. Thread-safe; one guard per Redis use (the limiter,
 * the shared cache) so that each judges by its own traffic.
 */
public final class RedisSilence {

    private final Vertx vertx;
    private final long silenceMs;
    private final long maxWaitMs;
    private final LongSupplier nanos;
    private volatile long lastAnswerNanos;

    /**
     * @param silenceMs how long Redis may answer nothing at all while a call waits, before that call fails
     * @param maxWaitMs the longest any call waits, even while Redis answers others
     */
    public RedisSilence(Vertx vertx, long silenceMs, long maxWaitMs, LongSupplier nanos) {
        if (silenceMs < 1 || maxWaitMs < silenceMs) {
            throw new IllegalArgumentException("silence " + silenceMs + " ms and max wait " + maxWaitMs + " ms");
        }
        this.vertx = vertx;
        this.silenceMs = silenceMs;
        this.maxWaitMs = maxWaitMs;
        this.nanos = nanos;
        this.lastAnswerNanos = nanos.getAsLong() - silenceMs * 1_000_000L;
    }

    /**
     * {@code call}, completed on the caller's context, or failed with a {@link TimeoutException} when Redis has been
     * silent as described above.
     *
     * @param forWhom who waits, for the failure's message
     */
    public <T> Future<T> guard(String forWhom, Future<T> call) {
        Context caller = Vertx.currentContext();
        long started = nanos.getAsLong();
        Promise<T> promise = Promise.promise();
        long[] timer = {-1};
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (promise.future().isComplete()) {
                return;
            }
            long now = nanos.getAsLong();
            long waitedMs = (now - started) / 1_000_000L;
            long quietMs = (now - lastAnswerNanos) / 1_000_000L;
            if (waitedMs >= maxWaitMs) {
                promise.tryFail(new TimeoutException("Redis did not answer " + forWhom + " within " + maxWaitMs
                        + " ms, while answering other calls"));
            } else if (quietMs >= silenceMs) {
                promise.tryFail(new TimeoutException("Redis answered nothing for " + quietMs + " ms while "
                        + forWhom + " waited"));
            } else {
                long next = Math.max(1, Math.min(silenceMs - quietMs, maxWaitMs - waitedMs));
                timer[0] = vertx.setTimer(next, id -> check[0].run());
            }
        };
        timer[0] = vertx.setTimer(silenceMs, id -> check[0].run());
        call.onComplete(ar -> {
            if (ar.succeeded() || isRedisReply(ar.cause())) {
                lastAnswerNanos = nanos.getAsLong();
            }
            vertx.cancelTimer(timer[0]);
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

    /** An error reply (e.g. {@code NOSCRIPT}) is Redis answering; a connection failure is not. */
    static boolean isRedisReply(Throwable e) {
        return e instanceof io.vertx.redis.client.impl.types.ErrorType;
    }
}
