package io.gatehouse.billing.ledger;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The usage stream's shards as the {@value #GROUP} consumer group sees them, and the dead-letter stream
 * {@code <ns>:usage:dead}. Blocking calls: use from a worker thread only.
 *
 * <p>Gateways spread batches over N shards ({@code gatehouse.usage.stream-shards}, {@code GATEHOUSE_USAGE_STREAM_SHARDS},
 * default 1): shard 0 is {@code <ns>:usage:events} (the key of the unsharded stream, so one shard is what it always
 * was), shard {@code i > 0} is {@code <ns>:usage:events:{i}}, each with a hash tag of its own so a Redis Cluster puts
 * them in different slots. Every consumer of the group reads every shard: the group exists once per shard under the
 * same name, Redis hands each entry of a shard to one consumer, and the ledger counts each event id once whichever
 * consumer and shard it came by. On a cluster a command may name keys of one slot only, so each shard is read,
 * claimed, acknowledged and trimmed by commands of its own.
 */
@ApplicationScoped
public class UsageStream {

    public static final String GROUP = "billing";

    private final StreamCommands<String, String, String> streams;
    private final RedisDataSource redis;
    private final ConsumerSettings settings;
    /** The most shards a gateway or billing accepts, and how far billing looks for shards it was not told about. */
    public static final int MAX_SHARDS = 64;

    private final String namespace;
    private final List<String> keys;
    private final String[] claimCursors;
    private final String deadKey;
    private final String consumer;
    private int blockOn;

    public UsageStream(RedisDataSource redis, ConsumerSettings settings,
                       @ConfigProperty(name = "gatehouse.redis-namespace", defaultValue = "gatehouse") String namespace,
                       @ConfigProperty(name = "gatehouse.usage.stream-shards", defaultValue = "1") int shards,
                       @ConfigProperty(name = "quarkus.http.port", defaultValue = "8083") int port) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("gatehouse.usage.stream-shards (GATEHOUSE_USAGE_STREAM_SHARDS) must be from 1 to "
                    + MAX_SHARDS + ", not " + shards);
        }
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.settings = settings;
        this.namespace = namespace;
        List<String> k = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            k.add(shardKey(namespace, i));
        }
        this.keys = List.copyOf(k);
        this.claimCursors = new String[shards];
        Arrays.fill(claimCursors, "0-0");
        this.deadKey = namespace + ":usage:dead";
        this.consumer = settings.name().filter(n -> !n.isBlank()).orElseGet(() -> hostname() + ":" + port);
    }

    /** The key of shard {@code shard}: the gateway's {@code usage.RedisStreamSender.streamKeys} names them alike. */
    public static String shardKey(String namespace, int shard) {
        String base = namespace + ":usage:events";
        return shard == 0 ? base : base + ":{" + shard + "}";
    }

    /** The key of shard 0, the only one with the default of one shard. */
    public String key() {
        return keys.get(0);
    }

    /** Every shard this instance reads, shard 0 first. */
    public List<String> keys() {
        return keys;
    }

    public String deadLetterKey() {
        return deadKey;
    }

    /** This instance's name in the group. */
    public String consumer() {
        return consumer;
    }

    /** Creates the group (and the stream) on every shard unless it exists. */
    public void ensureGroup() {
        for (String key : keys) {
            try {
                streams.xgroupCreate(key, GROUP, settings.startFrom(), new XGroupCreateArgs().mkstream());
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    /** Entries delivered to this consumer earlier and never acknowledged (e.g. before a crash), from every shard. */
    List<StreamMessage<String, String, String>> ownPending() {
        List<StreamMessage<String, String, String>> all = new ArrayList<>();
        for (String key : keys) {
            all.addAll(streams.xreadgroup(GROUP, consumer, key, "0", new XReadGroupArgs().count(settings.readCount())));
        }
        return all;
    }

    /** Entries idle longer than {@link ConsumerSettings#claimAfter()} on any consumer, now owned by this one. */
    List<StreamMessage<String, String, String>> claimIdle() {
        List<StreamMessage<String, String, String>> all = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            ClaimedMessages<String, String, String> claimed = streams.xautoclaim(keys.get(i), GROUP, consumer,
                    settings.claimAfter(), claimCursors[i], settings.readCount());
            // Each shard's cursor walks its pending list across calls; "0-0" means it went round once.
            claimCursors[i] = claimed.getId() == null ? "0-0" : claimed.getId();
            all.addAll(claimed.getMessages());
        }
        return all;
    }

    /**
     * New entries from every shard. Each shard is asked once without waiting; only when all were empty does the
     * call wait, on one shard in turn, for {@code block} divided by the number of shards, so an entry on any shard
     * waits about {@code block} at most, as with one shard (zero: do not wait).
     */
    List<StreamMessage<String, String, String>> readNew(Duration block) {
        if (keys.size() == 1) {
            // One shard: one read that waits, as before streams were sharded.
            XReadGroupArgs args = new XReadGroupArgs().count(settings.readCount());
            return streams.xreadgroup(GROUP, consumer, keys.get(0), ">", block.isZero() ? args : args.block(block));
        }
        List<StreamMessage<String, String, String>> all = new ArrayList<>();
        for (String key : keys) {
            all.addAll(streams.xreadgroup(GROUP, consumer, key, ">", new XReadGroupArgs().count(settings.readCount())));
        }
        if (!all.isEmpty() || block.isZero()) {
            return all;
        }
        String key = keys.get(blockOn);
        blockOn = (blockOn + 1) % keys.size();
        Duration wait = block.dividedBy(keys.size());
        XReadGroupArgs args = new XReadGroupArgs().count(settings.readCount())
                .block(wait.isZero() ? Duration.ofMillis(1) : wait);
        return streams.xreadgroup(GROUP, consumer, key, ">", args);
    }

    void ack(String key, String entryId) {
        streams.xack(key, GROUP, entryId);
    }

    /**
     * Shards beyond this instance's N that exist in Redis: a gateway writes more shards than billing was told to
     * read, and what it sends there waits unread until billing's {@code gatehouse.usage.stream-shards} covers it.
     * Probes shards N … {@value #MAX_SHARDS}-1 with one {@code EXISTS} each (single-key: each goes to its own slot).
     */
    public List<String> unreadShards() {
        List<String> found = new ArrayList<>();
        for (int i = keys.size(); i < MAX_SHARDS; i++) {
            String key = shardKey(namespace, i);
            if (redis.key(String.class).exists(key)) {
                found.add(key);
            }
        }
        return found;
    }

    /**
     * Trims each shard to what the group still needs: every entry older than the oldest pending one (delivered, not
     * yet acknowledged), or, with none pending, every entry up to the last one delivered. Entries not yet delivered
     * to the group are never touched, however long billing was away. {@code MINID ~} trims whole nodes only, so it
     * may keep a few acknowledged entries, never remove an unacknowledged one.
     *
     * @return the entries removed
     */
    public long trimAcknowledged() {
        long total = 0;
        for (String key : keys) {
            Response removed = redis.execute("EVAL", TRIM_ACKNOWLEDGED, "1", key, GROUP);
            total += removed == null ? 0 : removed.toLong();
        }
        return total;
    }

    /**
     * One script, so that no consumer reads (and leaves pending) between finding the trim point and trimming.
     * KEYS[1] the stream, ARGV[1] the group.
     */
    static final String TRIM_ACKNOWLEDGED = """
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
            local keep
            if tonumber(pending[1]) > 0 then
              keep = pending[2]
            else
              local last
              for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
                local name, delivered
                for i = 1, #g, 2 do
                  if g[i] == 'name' then name = g[i + 1] end
                  if g[i] == 'last-delivered-id' then delivered = g[i + 1] end
                end
                if name == ARGV[1] then last = delivered end
              end
              if last == nil or last == '0-0' then return 0 end
              local dash = string.find(last, '-', 1, true)
              keep = string.sub(last, 1, dash) .. tostring(tonumber(string.sub(last, dash + 1)) + 1)
            end
            return redis.call('XTRIM', KEYS[1], 'MINID', '~', keep)
            """;

    /** Appends an entry to the dead-letter stream, capped to about {@link ConsumerSettings#deadLetterMaxLength()}. */
    void deadLetter(Map<String, String> fields) {
        streams.xadd(deadKey, new XAddArgs().maxlen(settings.deadLetterMaxLength()).nearlyExactTrimming(), fields);
    }

    /**
     * The group's backlog over all shards: {@code [pending, lag]}, where lag is what Redis reports for entries not
     * yet delivered to the group (-1 when Redis cannot tell for some shard, e.g. after entries were deleted).
     */
    long[] backlog() {
        long pendingSum = 0;
        long lagSum = 0;
        for (String key : keys) {
            long[] one = backlog(key);
            pendingSum += one[0];
            lagSum = lagSum < 0 || one[1] < 0 ? -1 : lagSum + one[1];
        }
        return new long[]{pendingSum, lagSum};
    }

    private long[] backlog(String key) {
        Response groups = redis.execute("XINFO", "GROUPS", key);
        for (Response group : groups) {
            if (GROUP.equals(field(group, "name"))) {
                String pending = field(group, "pending");
                String lag = field(group, "lag");
                return new long[]{pending == null ? 0 : Long.parseLong(pending), lag == null ? -1 : Long.parseLong(lag)};
            }
        }
        return new long[]{0, -1};
    }

    private static String field(Response group, String name) {
        // Works for RESP3 maps and RESP2 flat name/value lists alike.
        Response v = group.getKeys().contains(name) ? group.get(name) : null;
        return v == null ? null : v.toString();
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
