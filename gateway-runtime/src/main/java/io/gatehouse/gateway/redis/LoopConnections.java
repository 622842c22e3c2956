package io.gatehouse.gateway.redis;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pipelined Redis connection per event loop, for the calls a request waits on (the rate limiter). A call made on
 * an event loop goes out on that loop's own connection, so the answer is read by the same thread that waits for it,
 * and {@link RedisSilence} judges the connection by answers read on that thread: a loop that is busy is late for its
 * timers and its socket alike, and never takes a live Redis for a dead one. (A shared pool hands a loop connections
 * that live on the other loop, whose reads a busy machine can hold back while this loop's timer fires.)
 *
 * <p>A connection is made on first use, and again after it is lost: refused or closed connections fail their calls at
 * once (the client fails every command still waiting), and a connection that stays silent is closed, so the next call
 * (the rate limiter's probe) connects anew. Calls made off any event loop (tests, start-up) use one loop of their own.
 */
public final class LoopConnections {

    private final Vertx vertx;
    private final Redis client;
    private final long silenceMs;
    private final long maxWaitMs;
    private final ContextInternal fallback;
    private final Map<EventLoop, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @param options   where Redis is (the connection string, password); the pool settings are this class's own
     * @param silenceMs a call fails once it has waited this long while its connection read nothing at all
     * @param maxWaitMs the longest a call waits while its connection reads answers to others
     */
    public LoopConnections(Vertx vertx, RedisOptions options, long silenceMs, long maxWaitMs) {
        this.vertx = vertx;
        // Held connections never go back to the pool, so each connect() makes a new one on the calling loop. Making
        // one is bounded on its own: silence is judged on answers, and a connection has none to give until it exists.
        RedisOptions own = new RedisOptions(options).setMaxPoolSize(64).setMaxPoolWaiting(1_024)
                .setMaxWaitingHandlers(65_536);
        own.getNetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(silenceMs, 1_000)));
        this.client = Redis.createClient(vertx, own);
        this.silenceMs = silenceMs;
        this.maxWaitMs = maxWaitMs;
        this.fallback = (ContextInternal) vertx.getOrCreateContext();
    }

    /** Sends {@code request} on the calling event loop's connection; the answer comes back on the caller's context. */
    public Future<Response> send(Request request) {
        Context current = Vertx.currentContext();
        if (!(current instanceof ContextInternal ctx) || !ctx.isEventLoopContext()) {
            Promise<Response> answer = Promise.promise();
            fallback.runOnContext(v -> send(request).onComplete(answer));
            return answer.future();
        }
        ContextInternal root = ctx.unwrap();
        return lanes.computeIfAbsent(root.nettyEventLoop(), loop -> new Lane(root)).send(request);
    }

    /** Closes every connection. */
    public void close() {
        lanes.values().forEach(Lane::drop);
        client.close();
    }

    /** One event loop's connection. Its fields are only touched on that loop. */
    private final class Lane {
        private final ContextInternal home;
        private final RedisSilence silence;
        private Future<RedisConnection> connection;

        Lane(ContextInternal home) {
            this.home = home;
            this.silence = new RedisSilence(vertx, silenceMs, maxWaitMs, System::nanoTime);
        }

        /**
         * Sends on this loop's connection. A connection found dead when used (its close came before we could listen
         * for it, or while it was idle) is replaced and the call sent once more on the new one, so the first call after
         * Redis comes back is not lost to the old socket. If Redis had run the command before the old connection died,
         * that second try counts it twice: for the limiter, a permit charged and not used (never one too many).
         */
        Future<Response> send(Request request) {
            Future<RedisConnection> before = connection;
            return sendOnce(request).recover(e -> before != null && before.succeeded() && !RedisSilence.isRedisReply(e)
                    && !(e instanceof java.util.concurrent.TimeoutException)
                    ? sendOnce(request) : Future.failedFuture(e));
        }

        private Future<Response> sendOnce(Request request) {
            if (connection == null || connection.failed()) {
                connect();
            }
            Future<RedisConnection> used = connection;
            if (used.succeeded()) {
                return send(used, request);
            }
            // Still connecting: wait for it, then send from the caller's context as usual.
            Context caller = Vertx.currentContext() != null ? Vertx.currentContext() : home;
            Promise<Response> answer = Promise.promise();
            used.onComplete(ar -> caller.runOnContext(v -> {
                if (ar.succeeded()) {
                    send(used, request).onComplete(answer);
                } else {
                    answer.fail(ar.cause());
                }
            }));
            return answer.future();
        }

        private Future<Response> send(Future<RedisConnection> used, Request request) {
            return silence.guard("the limiter", used.result().send(request)).onFailure(e -> {
                if (!RedisSilence.isRedisReply(e)) {
                    // Lost (closed, reset: its close may have come before we could listen for it) or silent (maybe
                    // half dead): the next call connects anew.
                    drop(used);
                }
            });
        }

        private void connect() {
            Promise<RedisConnection> made = Promise.promise();
            // Made on the loop's own context, so the connection's reads happen on this loop.
            home.runOnContext(v -> client.connect().onComplete(made));
            Future<RedisConnection> attempt = made.future();
            connection = attempt;
            attempt.onSuccess(c -> {
                c.exceptionHandler(e -> drop(attempt));
                c.endHandler(v -> drop(attempt));
            });
        }

        void drop() {
            Future<RedisConnection> c = connection;
            if (c != null) {
                drop(c);
            }
        }

        private void drop(Future<RedisConnection> which) {
            Runnable forget = () -> {
                // Closed once, by whoever forgets it first: a connection no longer held was closed when it was
                // forgotten (a cluster connection's second close would recycle its node connections twice).
                if (connection != which) {
                    return;
                }
                connection = null;
                if (which.succeeded()) {
                    which.result().close();
                }
            };
            if (home.nettyEventLoop().inEventLoop()) {
                forget.run();
            } else {
                home.runOnContext(v -> forget.run());
            }
        }
    }
}
