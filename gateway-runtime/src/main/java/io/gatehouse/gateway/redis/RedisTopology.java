package io.gatehouse.gateway.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import org.eclipse.microprofile.config.Config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Redis is and how it is laid out, read from the same settings the Quarkus Redis client uses, so the gateway's
 * own connections (the limiter's, {@link LoopConnections}) always reach the Redis the rest of the gateway talks to.
 * {@code GATEHOUSE_REDIS_MODE} ({@code quarkus.redis.client-type}) is {@code standalone}, {@code cluster} or
 * {@code sentinel}; {@code GATEHOUSE_REDIS_URL} ({@code quarkus.redis.hosts}) lists one endpoint (standalone), seed
 * nodes (cluster) or the sentinels (sentinel), comma separated; {@code GATEHOUSE_REDIS_MASTER_NAME}
 * ({@code quarkus.redis.master-name}) names the sentinel's master.
 *
 * @param mode       how the endpoints are used
 * @param hosts      the endpoints, at least one
 * @param masterName the master set the sentinels watch (sentinel mode only)
 * @param password   the password, when Redis needs one and the endpoints do not carry it
 */
public record RedisTopology(RedisClientType mode, List<String> hosts, String masterName, Optional<String> password) {

    public RedisTopology {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("quarkus.redis.hosts (GATEHOUSE_REDIS_URL) names no Redis endpoint");
        }
        if (mode == RedisClientType.SENTINEL && (masterName == null || masterName.isBlank())) {
            throw new IllegalArgumentException("sentinel mode needs quarkus.redis.master-name "
                    + "(GATEHOUSE_REDIS_MASTER_NAME), the master set the sentinels watch");
        }
        hosts = List.copyOf(hosts);
    }

    /** The topology the Quarkus Redis client of this process is configured with. */
    public static RedisTopology of(Config config) {
        String type = config.getOptionalValue("quarkus.redis.client-type", String.class).orElse("standalone");
        RedisClientType mode = switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "standalone" -> RedisClientType.STANDALONE;
            case "cluster" -> RedisClientType.CLUSTER;
            case "sentinel" -> RedisClientType.SENTINEL;
            default -> throw new IllegalArgumentException("quarkus.redis.client-type (GATEHOUSE_REDIS_MODE) must be "
                    + "standalone, cluster or sentinel, not '" + type + "'");
        };
        List<String> hosts = Arrays.stream(config.getValue("quarkus.redis.hosts", String.class).split(","))
                .map(String::trim).filter(h -> !h.isEmpty()).toList();
        return new RedisTopology(mode, hosts,
                config.getOptionalValue("quarkus.redis.master-name", String.class).orElse("mymaster"),
                config.getOptionalValue("quarkus.redis.password", String.class).filter(p -> !p.isEmpty()));
    }

    /** Options for a Vert.x Redis client of this topology: every endpoint, the mode, the master name. */
    public RedisOptions options() {
        RedisOptions options = new RedisOptions().setType(mode);
        hosts.forEach(options::addConnectionString);
        if (mode == RedisClientType.SENTINEL) {
            options.setMasterName(masterName).setRole(RedisRole.MASTER);
        }
        password.ifPresent(options::setPassword);
        return options;
    }
}
