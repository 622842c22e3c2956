package io.gatehouse.gateway.usage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a batch as one entry of one usage stream shard:
 * {@code XADD <key> * v 1 n <count> node <node> events <json>}, with the non-blocking Vert.x Redis client and a
 * timeout of its own, but only while that shard holds fewer than {@code maxLength} entries (one script checks and
 * adds atomically).
 *
 * <p>With N shards ({@code gatehouse.usage.stream-shards}), batches go to the shards in turn (round robin), so every
 * gateway spreads its load over all of them whatever the number of gateways; shard keys are {@link #streamKeys}.
 * A batch is sent whole to one shard, and a batch that comes back from the spool may land on another shard than its
 * first attempt: billing reads every shard and counts each event id once, so the shard carries no meaning.
 *
 * <p>The stream is never trimmed here: trimming by length would delete entries billing has not read yet (after an
 * outage of billing, for instance) and lose money without a trace. Billing trims what its consumer group has
 * acknowledged. A full stream refuses the batch ({@link StreamFullException}); the recorder then keeps it in its
 * spool on disk, as when Redis is away, and sends it once billing has caught up: back-pressure onto the gateway's
 * disk, visible as the spool's size, and never a dropped unread entry.
 *
 * <p>With {@link ReplicaAcks replica acknowledgements} on (cluster and sentinel mode by default), the entry is sent
 * together with {@code WAIT <replicas> <ms>} in one pipelined batch on one connection, so both reach the master of
 * the stream's slot and {@code WAIT} waits for exactly that write. Redis replicates asynchronously: a master may
 * acknowledge an {@code XADD} and die before its replica has it, and the promoted replica then never heard of the
 * entry. A batch fewer replicas acknowledged in time fails with {@link NotReplicatedException}; the recorder keeps it
 * (in its spool) and sends it again, and billing counts the copy that survived once (it deduplicates by event id).
 */
public final class RedisStreamSender implements BatchSender {

    /** The contract version written in every entry's {@code v} field. */
    public static final int CONTRACT_VERSION = 1;

    private final Redis redis;
    private final Vertx vertx;
    private final List<String> keys;
    private final AtomicInteger next = new AtomicInteger();
    private final long maxLength;
    private final long timeoutMs;
    private final ReplicaAcks acks;

    /**
     * How many replicas must have an entry before a batch counts as sent, and how long to wait for them.
     *
     * @param replicas how many replicas must acknowledge ({@code WAIT}'s first argument); 0 turns the wait off
     * @param timeout  how long {@code WAIT} waits for them on the master; shorter than the send timeout
     */
    public record ReplicaAcks(int replicas, Duration timeout) {

        /** No wait: a batch counts as sent once the master took it (standalone Redis has no replica to wait for). */
        public static final ReplicaAcks NONE = new ReplicaAcks(0, Duration.ZERO);

        public ReplicaAcks {
            if (replicas < 0) {
                throw new IllegalArgumentException("gatehouse.usage.replica-acks (GATEHOUSE_USAGE_REPLICA_ACKS) must be "
                        + "0 (off) or more, not " + replicas);
            }
            if (replicas > 0 && timeout.toMillis() < 1) {
                throw new IllegalArgumentException("gatehouse.usage.replica-ack-timeout must be at least 1ms");
            }
        }

        /** Whether batches wait for replicas at all. */
        public boolean on() {
            return replicas > 0;
        }
    }

    /**
     * The master took the entry but fewer replicas than asked acknowledged it in time: it may be lost if the master
     * dies now, so the batch is kept and sent again (billing counts an event id once).
     */
    public static final class NotReplicatedException extends RuntimeException {
        NotReplicatedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param redis     the client to send with
     * @param vertx     for the timeout timer
     * @param keys      the shards' stream keys ({@link #streamKeys}), at least one
     * @param maxLength the most entries one shard may hold (unread ones: billing trims what it acknowledged)
     * @param timeout   how long an {@code XADD} may take
     */
    public RedisStreamSender(Redis redis, Vertx vertx, List<String> keys, long maxLength, Duration timeout) {
        this(redis, vertx, keys, maxLength, timeout, ReplicaAcks.NONE);
    }

    /**
     * @param acks how many replicas must acknowledge each entry, and how long to wait for them
     */
    public RedisStreamSender(Redis redis, Vertx vertx, List<String> keys, long maxLength, Duration timeout,
                             ReplicaAcks acks) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a usage stream sender needs at least one stream key");
        }
        this.redis = redis;
        this.vertx = vertx;
        this.keys = List.copyOf(keys);
        this.maxLength = maxLength;
        this.timeoutMs = Math.max(1, timeout.toMillis());
        this.acks = acks;
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

    /** The most shards a gateway or billing accepts; billing looks this far for shards it was not told about. */
    public static final int MAX_SHARDS = 64;

    /** The key of shard 0 (the only one with the default of one shard) for the namespace {@code namespace}. */
    public static String streamKey(String namespace) {
        return namespace + ":usage:events";
    }

    /**
     * The keys of {@code shards} usage stream shards: shard 0 is {@code <ns>:usage:events}, the key used before
     * streams were sharded (so one shard is what it always was and nothing migrates), shard {@code i > 0} is
     * {@code <ns>:usage:events:{i}}. The hash tag {@code {i}} puts shards 1 … N-1 in different slots of a Redis
     * Cluster (and so, as far as the cluster's slot ranges allow, on different masters). Billing names them the same
     * way ({@code ledger.UsageStream}); docs/redis-keys.md lists them.
     */
    public static List<String> streamKeys(String namespace, int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("gatehouse.usage.stream-shards must be from 1 to " + MAX_SHARDS
                    + ", not " + shards);
        }
        List<String> keys = new ArrayList<>(shards);
        keys.add(streamKey(namespace));
        for (int i = 1; i < shards; i++) {
            keys.add(streamKey(namespace) + ":{" + i + "}");
        }
        return keys;
    }

    /** The shards' keys, shard 0 first. */
    public List<String> keys() {
        return keys;
    }

    @Override
    public CompletionStage<Void> send(UsageBatch batch) {
        String key = keys.get(Math.floorMod(next.getAndIncrement(), keys.size()));
        Request xadd = Request.cmd(Command.EVAL).arg(CAPPED_XADD).arg(1).arg(key).arg(maxLength)
                .arg(CONTRACT_VERSION)
                .arg(batch.count())
                .arg(batch.node())
                .arg(batch.events());
        Promise<Void> result = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> result.tryFail(
                new TimeoutException((acks.on() ? "XADD and WAIT" : "XADD") + " to " + key + " took longer than "
                        + timeoutMs + " ms")));
        try {
            Future<Void> sent = acks.on() ? sendAndWait(key, xadd) : redis.send(xadd).mapEmpty();
            sent.onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    result.tryComplete();
                } else if (String.valueOf(ar.cause().getMessage()).contains("STREAMFULL")) {
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

    /**
     * {@code XADD} then {@code WAIT} in one batch: a batch goes out on one connection, and the cluster client sends it
     * to the node of its one keyed command (the stream's master), so {@code WAIT} counts the replicas that have this
     * very entry. It answers after at most {@code acks.timeout()} with how many did; Redis does not block on it.
     */
    private Future<Void> sendAndWait(String key, Request xadd) {
        Request wait = Request.cmd(Command.WAIT).arg(acks.replicas()).arg(acks.timeout().toMillis());
        return redis.batch(List.of(xadd, wait)).map(replies -> {
            long replicated = replies.get(1).toLong();
            if (replicated < acks.replicas()) {
                throw new NotReplicatedException("the master of " + key + " took the usage batch but only "
                        + replicated + " of " + acks.replicas() + " replicas acknowledged it within "
                        + acks.timeout().toMillis() + " ms");
            }
            return null;
        });
    }
}
