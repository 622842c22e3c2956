package io.gatehouse.gateway.config;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * Listens on {@code <ns>:config:changed} for announced config versions ({@link Announcement}). Holds one dedicated
 * Redis connection ({@link ChannelSubscription}); when Redis is down or the connection drops, it
 * keeps retrying and, once subscribed again, triggers a version check to catch what it missed.
 */
@ApplicationScoped
public class ConfigChangeListener {

    private static final Logger LOG = Logger.getLogger(ConfigChangeListener.class);

    private final ChannelSubscription subscription;

    public ConfigChangeListener(Redis redis, Vertx vertx, GatewaySettings settings, NodeIdentity node) {
        this.subscription = new ChannelSubscription(redis, vertx, settings.redisNamespace() + ":config:changed",
                (settings.redisNamespace() + ":gateway-config:" + node.nodeId()).replaceAll("\\s", "_"), LOG,
                ", and polling management meanwhile");
    }

    public String channel() {
        return subscription.channel();
    }

    /** The Redis CLIENT name of the subscription connection (lets tests and operators find it). */
    public String clientName() {
        return subscription.clientName();
    }

    public boolean subscribed() {
        return subscription.subscribed();
    }

    void start(Consumer<Announcement> onAnnouncement, Runnable onSubscribed) {
        subscription.start(new ChannelSubscription.Listener() {
            @Override
            public void onMessage(String payload) {
                Announcement announcement;
                try {
                    announcement = Announcement.parse(payload);
                } catch (IllegalArgumentException e) {
                    LOG.warnf("ignored a message on %s that is not an announcement (%s)", channel(), e.getMessage());
                    return;
                }
                onAnnouncement.accept(announcement);
            }

            @Override
            public void onSubscribed(boolean again) {
                LOG.infof(again ? "subscribed to %s again" : "subscribed to %s", channel());
                onSubscribed.run();
            }
        });
    }

    void stop() {
        subscription.stop();
    }
}
