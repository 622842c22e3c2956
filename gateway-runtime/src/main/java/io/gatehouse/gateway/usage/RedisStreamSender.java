package io.gatehouse.gateway.usage;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Sends a batch as one entry of {@code <ns>:usage:events}:
 * {@code XADD <key> MAXLEN ~ <cap> * v 1 n <count> node <node> events <json>}, with the non-blocking Vert.x
 * Redis client and a timeout of its own.
 */
public final class RedisStreamSender implements BatchSender {

    /** The contract version written in every entry's {@code v} field. */
    public static final int CONTRACT_VERSION = 1;

    private final Redis redis;
    private final Vertx vertx;
    private final String key;
    private final long maxLength;
    private final long timeoutMs;

    /**
     * @param redis     the client to send with
     * @param vertx     for the timeout timer
     * @param key       the stream key, {@code <ns>:usage:events}
     * @param maxLength the approximate cap of the stream, in entries
     * @param timeout   how long an {@code XADD} may take
     */
    public RedisStreamSender(Redis redis, Vertx vertx, String key, long maxLength, Duration timeout) {
        this.redis = redis;
        this.vertx = vertx;
        this.key = key;
        this.maxLength = maxLength;
        this.timeoutMs = Math.max(1, timeout.toMillis());
    }

    /** The stream key for the namespace {@code namespace}. */
    public static String streamKey(String namespace) {
        return namespace + ":usage:events";
    }

    public String key() {
        return key;
    }

    @Override
    public CompletionStage<Void> send(UsageBatch batch) {
        Request xadd = Request.cmd(Command.XADD).arg(key).arg("MAXLEN").arg("~").arg(maxLength).arg("*")
                .arg("v").arg(CONTRACT_VERSION)
                .arg("n").arg(batch.count())
                .arg("node").arg(batch.node())
                .arg("events").arg(batch.events());
        Promise<Void> result = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> result.tryFail(
                new TimeoutException("XADD to " + key + " took longer than " + timeoutMs + " ms")));
        try {
            redis.send(xadd).onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    result.tryComplete();
                } else {
                    result.tryFail(ar.cause());
                }
            });
        } catch (RuntimeException e) {
            // A closed client may throw instead of failing the future; either way the batch is spooled.
            vertx.cancelTimer(timer);
            result.tryFail(e);
        }
        return result.future().toCompletionStage();
    }
}
