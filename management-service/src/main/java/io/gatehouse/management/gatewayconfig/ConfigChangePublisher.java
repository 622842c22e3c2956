package io.gatehouse.management.gatewayconfig;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells gateways about a new config version on the Redis channel {@code <ns>:config:changed},
 * after the change committed. Fire and forget: if Redis is away, gateways find the version by
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
        pubsub.publish(channel, Long.toString(change.version()))
                .subscribe().with(
                        ignored -> LOG.debugf("Announced config version %d", change.version()),
                        failure -> LOG.warnf("Could not announce config version %d on Redis (%s); gateways will find it by polling",
                                change.version(), failure.getMessage()));
    }
}
