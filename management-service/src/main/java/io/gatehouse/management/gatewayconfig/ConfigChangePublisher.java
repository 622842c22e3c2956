package io.gatehouse.management.gatewayconfig;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells gateways about a new config version on the Redis channel {@code <ns>:config:changed},
 * after the change committed; a revocation rides in the message itself ({@link #message}). Fire and forget: if Redis is away, gateways find the version by
 * polling.
 */
@ApplicationScoped
public class ConfigChangePublisher {

    private static final Logger LOG = Logger.getLogger(ConfigChangePublisher.class);

    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;

    public ConfigChangePublisher(ReactiveRedisDataSource redis,
                                 @ConfigProperty(name = "gatehouse.redis-namespace", defaultValue = "gatehouse") String namespace) {
        this.pubsub = redis.pubsub(String.class);
        this.channel = namespace + ":config:changed";
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigChanged change) {
        pubsub.publish(channel, message(change))
                .subscribe().with(
                        ignored -> LOG.debugf("Announced config version %d", change.version()),
                        failure -> LOG.warnf("Could not announce config version %d on Redis (%s); gateways will find it by polling",
                                change.version(), failure.getMessage()));
    }

    /**
     * The message: the version as decimal text ({@code 17}), or, for a revocation, a JSON object with the version and
     * the revoked key ids ({@code {"version":17,"revokedKeys":["…"]}}), which a gateway at version 16 applies as it is.
     */
    static String message(ConfigChanged change) {
        if (change.revokedKeys().isEmpty()) {
            return Long.toString(change.version());
        }
        return new JsonObject().put("version", change.version()).put("revokedKeys", new JsonArray(change.revokedKeys()))
                .encode();
    }
}
