package io.gatehouse.gateway.config;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Listens on {@code <ns>:config:changed} for announced config versions. Holds one dedicated
 * Redis connection; when Redis is down or the connection drops, it keeps retrying (backing off
 * up to {@value #MAX_BACKOFF_MS} ms) and, once subscribed again, triggers a version check to
 * catch what it missed.
 */
@ApplicationScoped
public class ConfigChangeListener {

    private static final Logger LOG = Logger.getLogger(ConfigChangeListener.class);
    static final long MIN_BACKOFF_MS = 200;
    static final long MAX_BACKOFF_MS = 2_000;

    private final Redis redis;
    private final Vertx vertx;
    private final String channel;
    private final String clientName;
    private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile boolean warnedDown;
    private long backoffMs = MIN_BACKOFF_MS;
    private LongConsumer onVersion = v -> { };
    private Runnable onSubscribed = () -> { };

    public ConfigChangeListener(Redis redis, Vertx vertx, GatewaySettings settings, NodeIdentity node) {
        this.redis = redis;
        this.vertx = vertx;
        this.channel = settings.redisNamespace() + ":config:changed";
        this.clientName = (settings.redisNamespace() + ":gateway-config:" + node.nodeId()).replaceAll("\\s", "_");
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

    void start(LongConsumer onVersion, Runnable onSubscribed) {
        this.onVersion = onVersion;
        this.onSubscribed = onSubscribed;
        connect();
    }

    void stop() {
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
                        if (warnedDown) {
                            warnedDown = false;
                            LOG.infof("subscribed to %s again", channel);
                        } else {
                            LOG.infof("subscribed to %s", channel);
                        }
                        onSubscribed.run();
                    })
                    .onFailure(e -> {
                        conn.close();
                        down(e);
                    });
        });
    }

    private void lost(RedisConnection conn, Throwable cause) {
        // Both the exception and the end handler may fire for one loss: act once.
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
        if (!warnedDown) {
            warnedDown = true;
            LOG.warnf("no subscription to %s (%s); retrying, and polling management meanwhile", channel, cause.getMessage());
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
        String payload = message.get(2).toString().trim();
        try {
            onVersion.accept(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.warnf("ignored a message on %s that is not a version number", channel);
        }
    }
}
