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
 * {@code XADD <key> * v 1 n <count> node <node> events <json>}, with the non-blocking Vert.x Redis client and a
 * timeout of its own, but only while the stream holds fewer than {@code maxLength} entries (one script checks and
 * adds atomically).
 *
 * <p>The stream is never trimmed here: trimming by length would delete entries billing has not read yet (after an
 * outage of billing, for instance) and lose money without a trace. Billing trims what its consumer group has
 * acknowledged. A full stream refuses the batch ({@link StreamFullException}); the recorder then keeps it in its
 * spool on disk, as when Redis is away, and sends it once billing has caught up: back-pressure onto the gateway's
 * disk, visible as the spool's size, and never a dropped unread entry.
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
     * @param maxLength the most entries the stream may hold (unread ones: billing trims what it acknowledged)
     * @param timeout   how long an {@code XADD} may take
     */
    public RedisStreamSender(Redis redis, Vertx vertx, String key, long maxLength, Duration timeout) {
        this.redis = redis;
        this.vertx = vertx;
        this.key = key;
        this.maxLength = maxLength;
        this.timeoutMs = Math.max(1, timeout.toMillis());
    }

    /** Adds the entry unless the stream is full: KEYS[1] the stream, ARGV[1] the cap, then the entry's fields. */
    static final String CAPPED_XADD = """
            local length = redis.call('XLEN', KEYS[1])
            if length >= tonumber(ARGV[1]) then
              return redis.error_reply('STREAMFULL the usage stream holds ' .. length .. ' unread entries (cap ' .. ARGV[1] .. ')')
            end
            return redis.call('XADD', KEYS[1], '*', 'v', ARGV[2], 'n', ARGV[3], 'node', ARGV[4], 'events', ARGV[5])
            """;

    /** The stream holds {@code maxLength} unread entries: billing is behind or away. */
    public static final class StreamFullException extends RuntimeException {
        StreamFullException(String message) {
            super(message, null, false, false);
        }
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
        Request xadd = Request.cmd(Command.EVAL).arg(CAPPED_XADD).arg(1).arg(key).arg(maxLength)
                .arg(CONTRACT_VERSION)
                .arg(batch.count())
                .arg(batch.node())
                .arg(batch.events());
        Promise<Void> result = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> result.tryFail(
                new TimeoutException("XADD to " + key + " took longer than " + timeoutMs + " ms")));
        try {
            redis.send(xadd).onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    result.tryComplete();
                } else if (String.valueOf(ar.cause().getMessage()).startsWith("STREAMFULL")) {
                    result.tryFail(new StreamFullException(ar.cause().getMessage()));
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
