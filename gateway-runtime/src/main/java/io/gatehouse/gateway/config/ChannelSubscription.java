package io.gatehouse.gateway.config;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A subscription to one Redis pub/sub channel on a dedicated, named connection that stays subscribed: when Redis is
 * down or the connection drops it keeps retrying, backing off from {@value #MIN_BACKOFF_MS} up to
 * {@value #MAX_BACKOFF_MS} ms. Messages published while it was not subscribed are lost, so {@link Listener} is told
 * whether a subscription comes back after a loss and can catch up its own way.
 */
public final class ChannelSubscription {

    static final long MIN_BACKOFF_MS = 200;
    static final long MAX_BACKOFF_MS = 2_000;

    /** What the owner of a subscription does with it. Called on the connection's context. */
    public interface Listener {

        /** The payload of one message published on the channel. */
        void onMessage(String payload);

        /**
         * The channel is subscribed; {@code again} when an earlier attempt failed or an earlier subscription was lost
         * (the owner logs this, since only it knows what it did to catch up).
         */
        void onSubscribed(boolean again);
    }

    private final Redis redis;
    private final Vertx vertx;
    private final String channel;
    private final String clientName;
    private final Logger log;
    private final String whileDown;
    private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile boolean lostSubscription;
    private long backoffMs = MIN_BACKOFF_MS;
    private Listener listener;

    /**
     * @param clientName the Redis CLIENT name of the connection (lets tests and operators find it)
     * @param log        the owner's logger, which the warning about a missing subscription goes to
     * @param whileDown  appended to that warning: what the node does meanwhile (may be empty)
     */
    public ChannelSubscription(Redis redis, Vertx vertx, String channel, String clientName, Logger log,
                               String whileDown) {
        this.redis = redis;
        this.vertx = vertx;
        this.channel = channel;
        this.clientName = clientName;
        this.log = log;
        this.whileDown = whileDown;
    }

    public String channel() {
        return channel;
    }

    public String clientName() {
        return clientName;
    }

    public boolean subscribed() {
        return connection.get() != null;
    }

    public void start(Listener listener) {
        this.listener = listener;
        connect();
    }

    public void stop() {
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
                        boolean again = lostSubscription;
                        lostSubscription = false;
                        listener.onSubscribed(again);
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
        if (!lostSubscription) {
            lostSubscription = true;
            log.warnf("no subscription to %s (%s); retrying%s", channel, cause.getMessage(), whileDown);
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
        listener.onMessage(message.get(2).toString());
    }
}
