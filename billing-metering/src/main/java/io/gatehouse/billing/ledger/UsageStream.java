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
