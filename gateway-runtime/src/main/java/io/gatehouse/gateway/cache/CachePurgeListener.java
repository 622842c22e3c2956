package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.config.GatewaySettings;
import io.gatehouse.gateway.config.NodeIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies the purges management announces on {@code <ns>:cache:purge} to this node's cache. Holds one dedicated
 * Redis connection and resubscribes like the config listener (backing off up to {@value #MAX_BACKOFF_MS} ms). A
 * purge announced while it was not subscribed cannot be replayed, so after a lost subscription it empties the
 * node's cache once it is back: a node never serves what it may have been told to forget. (The shared layer needs no
 * message: its generations in Redis already changed.)
 */
@ApplicationScoped
public class CachePurgeListener {

    private static final Logger LOG = Logger.getLogger(CachePurgeListener.class);
    static final long MIN_BACKOFF_MS = 200;
    static final long MAX_BACKOFF_MS = 2_000;

    private final Redis redis;
    private final Vertx vertx;
    private final ResponseCache cache;
    private final SharedCache shared;
    private final String channel;
    private final String clientName;
    private final Counter applied;
    private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile boolean lostSubscription;
    private long backoffMs = MIN_BACKOFF_MS;

    public CachePurgeListener(Redis redis, Vertx vertx, GatewaySettings settings, NodeIdentity node, ResponseCache cache,
                              SharedCache shared, MeterRegistry registry) {
        this.shared = shared;
        this.redis = redis;
        this.vertx = vertx;
        this.cache = cache;
        this.channel = settings.redisNamespace() + ":cache:purge";
        this.clientName = (settings.redisNamespace() + ":gateway-cache:" + node.nodeId()).replaceAll("\\s", "_");
        this.applied = Counter.builder("gatehouse.cache.purges").description("Cache purges applied by this node")
                .register(registry);
    }

    public String channel() {
        return channel;
    }

    /** The Redis CLIENT name of the subscription connection (lets tests and operators find it). */
    public String clientName() {
        return clientName;
    }

    public boolean subscribed() {
        return connection.get() != null;
    }

    void onStart(@Observes StartupEvent event) {
        shared.warmUp().onFailure(e -> LOG.infof("the shared cache script could not be loaded at start (%s); "
                + "the first store loads it", e.getMessage()));
        connect();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        RedisConnection conn = connection.getAndSet(null);
        if (conn != null) {
            conn.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().onComplete(ar -> {
            if (ar.failed()) {
                down(ar.cause());
                return;
            }
            RedisConnection conn = ar.result();
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> lost(conn, e));
            conn.endHandler(v -> lost(conn, null));
            conn.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName))
                    .compose(r -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)))
                    .onSuccess(r -> {
                        connection.set(conn);
                        backoffMs = MIN_BACKOFF_MS;
                        if (lostSubscription) {
                            lostSubscription = false;
                            cache.clear();
                            LOG.infof("subscribed to %s again; emptied this node's cache (purges may have been missed)",
                                    channel);
                        } else {
                            LOG.infof("subscribed to %s", channel);
                        }
                    })
                    .onFailure(e -> {
                        conn.close();
                        down(e);
                    });
        });
    }

    private void lost(RedisConnection conn, Throwable cause) {
        if (!connection.compareAndSet(conn, null)) {
            return;
        }
        conn.close();
        down(cause == null ? new IllegalStateException("connection closed") : cause);
    }

    private void down(Throwable cause) {
        if (stopped) {
            return;
        }
        if (!lostSubscription) {
            lostSubscription = true;
            LOG.warnf("no subscription to %s (%s); retrying", channel, cause.getMessage());
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }

    private void onMessage(Response message) {
        if (message == null || (message.type() != ResponseType.MULTI && message.type() != ResponseType.PUSH)
                || message.size() < 3 || !"message".equalsIgnoreCase(message.get(0).toString())) {
            return;
        }
        CachePurge purge;
        try {
            purge = CachePurge.parse(message.get(2).toString());
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignored a message on %s that is not a purge (%s)", channel, e.getMessage());
            return;
        }
        int urls = cache.purge(purge);
        applied.increment();
        LOG.infof("purge %s applied: api %s%s%s, %d URL(s) dropped", purge.purgeId(), purge.apiId(),
                purge.routeId() == null ? "" : ", route " + purge.routeId(),
                purge.url() == null ? "" : ", url " + purge.url(), urls);
    }
}
