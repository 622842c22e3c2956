package io.gatehouse.gateway.redis;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisTopologyTest {

    @Test
    void standalone_is_the_default_and_uses_the_one_endpoint() {
        RedisOptions options = RedisTopology.of(config(Map.of("quarkus.redis.hosts", "redis://127.0.0.1:6379")))
                .options();
        assertEquals(RedisClientType.STANDALONE, options.getType());
        assertEquals(List.of("redis://127.0.0.1:6379"), options.getEndpoints());
    }

    @Test
    void cluster_mode_hands_every_seed_node_to_the_client() {
        RedisOptions options = RedisTopology.of(config(Map.of("quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", "redis://a:7000, redis://b:7001,redis://c:7002"))).options();
        assertEquals(RedisClientType.CLUSTER, options.getType());
        assertEquals(List.of("redis://a:7000", "redis://b:7001", "redis://c:7002"), options.getEndpoints());
    }

    @Test
    void sentinel_mode_asks_the_sentinels_for_the_named_master() {
        RedisOptions options = RedisTopology.of(config(Map.of("quarkus.redis.client-type", "SENTINEL",
                "quarkus.redis.hosts", "redis://s1:26379,redis://s2:26379",
                "quarkus.redis.master-name", "gatehouse", "quarkus.redis.password", "secret"))).options();
        assertEquals(RedisClientType.SENTINEL, options.getType());
        assertEquals("gatehouse", options.getMasterName());
        assertEquals(RedisRole.MASTER, options.getRole());
        assertEquals("secret", options.getPassword());
        assertEquals(2, options.getEndpoints().size());
    }

    @Test
    void an_unknown_mode_is_refused_with_the_setting_to_fix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisTopology.of(config(
                Map.of("quarkus.redis.client-type", "replication", "quarkus.redis.hosts", "redis://a:1"))));
        assertTrue(e.getMessage().contains("GATEHOUSE_REDIS_MODE"), e.getMessage());
    }

    @Test
    void sentinel_mode_without_a_master_name_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new RedisTopology(RedisClientType.SENTINEL,
                List.of("redis://s1:26379"), " ", java.util.Optional.empty()));
    }

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withDefaultValues(values).build();
    }
}
