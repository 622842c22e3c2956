package io.gatehouse.gateway.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reports which config version this node runs: {@code HSET <ns>:gateway:nodes <nodeId> <json>}
 * after each applied version and every {@value #HEARTBEAT_MS} ms. Nothing is reported before a
 * config is loaded. A failed report is only logged: the next heartbeat tries again. After each
 * report it reads the fleet's reports back and counts the live nodes ({@link FleetSize}).
 */
@ApplicationScoped
public class NodeReporter {

    private static final Logger LOG = Logger.getLogger(NodeReporter.class);
    static final long HEARTBEAT_MS = 5_000;
    /** A node that reported within this long counts as live (six heartbeats, as management's fleet view). */
    static final long LIVE_WITHIN_MS = 30_000;

    private final Redis redis;
    private final Vertx vertx;
    private final ActiveConfig active;
    private final NodeIdentity node;
    private final Clock clock;
    private final FleetSize fleet;
    private final String key;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile long timer = -1;

    public NodeReporter(Redis redis, Vertx vertx, ActiveConfig active, NodeIdentity node, Clock clock,
                        GatewaySettings settings, FleetSize fleet) {
        this.redis = redis;
        this.vertx = vertx;
        this.active = active;
        this.node = node;
        this.clock = clock;
        this.fleet = fleet;
        this.key = settings.redisNamespace() + ":gateway:nodes";
    }

    public String key() {
        return key;
    }

    void start() {
        timer = vertx.setPeriodic(HEARTBEAT_MS, id -> report());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void report() {
        ActiveConfig.Applied applied = active.applied();
        if (applied == null) {
            return;
        }
        String json = new JsonObject()
                .put("nodeId", node.nodeId())
                .put("version", applied.config().version())
                .put("appliedAt", applied.appliedAt().toString())
                .put("lastSeen", clock.instant().toString())
                .put("startedAt", node.startedAt().toString())
                .encode();
        redis.send(Request.cmd(Command.HSET).arg(key).arg(node.nodeId()).arg(json)).onComplete(ar -> {
            if (ar.failed()) {
                if (failing.compareAndSet(false, true)) {
                    LOG.warnf("could not write the node report to Redis: %s", ar.cause().getMessage());
                }
            } else {
                if (failing.compareAndSet(true, false)) {
                    LOG.info("node reports reach Redis again");
                }
                countLiveNodes();
            }
        });
    }

    private void countLiveNodes() {
        redis.send(Request.cmd(Command.HVALS).arg(key)).onSuccess(values -> {
            if (values == null) {
                return;
            }
            long since = clock.millis() - LIVE_WITHIN_MS;
            int live = 0;
            for (io.vertx.redis.client.Response value : values) {
                try {
                    String lastSeen = new JsonObject(value.toString()).getString("lastSeen");
                    if (lastSeen != null && java.time.Instant.parse(lastSeen).toEpochMilli() >= since) {
                        live++;
                    }
                } catch (RuntimeException unreadable) {
                    // Another version's report, or a broken one: not counted.
                }
            }
            fleet.update(live);
        });
    }
}
