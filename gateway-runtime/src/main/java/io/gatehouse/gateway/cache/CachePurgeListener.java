package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.config.ChannelSubscription;
import io.gatehouse.gateway.config.GatewaySettings;
import io.gatehouse.gateway.config.NodeIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Applies the purges management announces on {@code <ns>:cache:purge} to this node's cache. Holds one dedicated
 * Redis connection and resubscribes like the config listener (both are a {@link ChannelSubscription}). A
 * purge announced while it was not subscribed cannot be replayed, so after a lost subscription it empties the
 * node's cache once it is back: a node never serves what it may have been told to forget. (The shared layer needs no
 * message: its generations in Redis already changed.)
 */
@ApplicationScoped
public class CachePurgeListener {

    private static final Logger LOG = Logger.getLogger(CachePurgeListener.class);

    private final ResponseCache cache;
    private final SharedCache shared;
    private final ChannelSubscription subscription;
    private final Counter applied;

    public CachePurgeListener(Redis redis, Vertx vertx, GatewaySettings settings, NodeIdentity node, ResponseCache cache,
                              SharedCache shared, MeterRegistry registry) {
        this.shared = shared;
        this.cache = cache;
        this.subscription = new ChannelSubscription(redis, vertx, settings.redisNamespace() + ":cache:purge",
                (settings.redisNamespace() + ":gateway-cache:" + node.nodeId()).replaceAll("\\s", "_"), LOG, "");
        this.applied = Counter.builder("gatehouse.cache.purges").description("Cache purges applied by this node")
                .register(registry);
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

    void onStart(@Observes StartupEvent event) {
        shared.warmUp().onFailure(e -> LOG.infof("the shared cache script could not be loaded at start (%s); "
                + "the first store loads it", e.getMessage()));
        subscription.start(new ChannelSubscription.Listener() {
            @Override
            public void onMessage(String payload) {
                apply(payload);
            }

            @Override
            public void onSubscribed(boolean again) {
                subscribed(again);
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    private void subscribed(boolean again) {
        if (again) {
            cache.clear();
            LOG.infof("subscribed to %s again; emptied this node's cache (purges may have been missed)", channel());
        } else {
            LOG.infof("subscribed to %s", channel());
        }
    }

    private void apply(String payload) {
        CachePurge purge;
        try {
            purge = CachePurge.parse(payload);
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignored a message on %s that is not a purge (%s)", channel(), e.getMessage());
            return;
        }
        int urls = cache.purge(purge);
        applied.increment();
        LOG.infof("purge %s applied: api %s%s%s, %d URL(s) dropped", purge.purgeId(), purge.apiId(),
                purge.routeId() == null ? "" : ", route " + purge.routeId(),
                purge.url() == null ? "" : ", url " + purge.url(), urls);
    }
}
