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
import java.util.List;
import java.util.Map;

/**
 * The usage stream {@code <ns>:usage:events} as the {@value #GROUP} consumer group sees it, and
 * the dead-letter stream {@code <ns>:usage:dead}. Blocking calls: use from a worker thread only.
 */
@ApplicationScoped
public class UsageStream {

    public static final String GROUP = "billing";

    private final StreamCommands<String, String, String> streams;
    private final RedisDataSource redis;
    private final ConsumerSettings settings;
    private final String key;
    private final String deadKey;
    private final String consumer;
    private String claimCursor = "0-0";

    public UsageStream(RedisDataSource redis, ConsumerSettings settings,
                       @ConfigProperty(name = "gatehouse.redis-namespace", defaultValue = "gatehouse") String namespace,
                       @ConfigProperty(name = "quarkus.http.port", defaultValue = "8083") int port) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.settings = settings;
        this.key = namespace + ":usage:events";
        this.deadKey = namespace + ":usage:dead";
        this.consumer = settings.name().filter(n -> !n.isBlank()).orElseGet(() -> hostname() + ":" + port);
    }

    public String key() {
        return key;
    }

    public String deadLetterKey() {
        return deadKey;
    }

    /** This instance's name in the group. */
    public String consumer() {
        return consumer;
    }

    /** Creates the group (and the stream) unless it exists. */
    public void ensureGroup() {
        try {
            streams.xgroupCreate(key, GROUP, settings.startFrom(), new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Entries delivered to this consumer earlier and never acknowledged (e.g. before a crash). */
    List<StreamMessage<String, String, String>> ownPending() {
        return streams.xreadgroup(GROUP, consumer, key, "0", new XReadGroupArgs().count(settings.readCount()));
    }

    /** Entries idle longer than {@link ConsumerSettings#claimAfter()} on any consumer, now owned by this one. */
    List<StreamMessage<String, String, String>> claimIdle() {
        ClaimedMessages<String, String, String> claimed = streams.xautoclaim(key, GROUP, consumer,
                settings.claimAfter(), claimCursor, settings.readCount());
        // The cursor walks the pending list across calls; "0-0" means it went round once.
        claimCursor = claimed.getId() == null ? "0-0" : claimed.getId();
        return claimed.getMessages();
    }

    /** New entries, waiting up to {@code block} (zero: do not wait). */
    List<StreamMessage<String, String, String>> readNew(Duration block) {
        XReadGroupArgs args = new XReadGroupArgs().count(settings.readCount());
        if (!block.isZero()) {
            args.block(block);
        }
        return streams.xreadgroup(GROUP, consumer, key, ">", args);
    }

    void ack(String entryId) {
        streams.xack(key, GROUP, entryId);
    }

    /**
     * Trims the stream to what the group still needs: every entry older than the oldest pending one (delivered, not
     * yet acknowledged), or, with none pending, every entry up to the last one delivered. Entries not yet delivered
     * to the group are never touched, however long billing was away. {@code MINID ~} trims whole nodes only, so it
     * may keep a few acknowledged entries, never remove an unacknowledged one.
     *
     * @return the entries removed
     */
    public long trimAcknowledged() {
        Response removed = redis.execute("EVAL", TRIM_ACKNOWLEDGED, "1", key, GROUP);
        return removed == null ? 0 : removed.toLong();
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
     * The group's backlog: {@code [pending, lag]}, where lag is what Redis reports for entries not yet
     * delivered to the group (-1 when Redis cannot tell, e.g. after entries were deleted).
     */
    long[] backlog() {
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
