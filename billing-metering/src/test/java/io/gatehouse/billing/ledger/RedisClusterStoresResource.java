package io.gatehouse.billing.ledger;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisCluster;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL and a real Redis Cluster of three masters and three replicas
 * ({@link RedisCluster}), which the application reaches as an operator would configure it:
 * {@code quarkus.redis.client-type=cluster} with every node as a seed, and the usage stream in three shards. The cluster is injected into the test's
 * {@link RedisCluster} field and stopped with the resource.
 */
public class RedisClusterStoresResource extends RealPostgresResource {

    private RedisCluster cluster;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        cluster = RedisCluster.start();
        config.put("quarkus.redis.hosts", cluster.seeds());
        config.put("quarkus.redis.client-type", "cluster");
        config.put("gatehouse.redis-namespace", "test-" + UUID.randomUUID().toString().substring(0, 8));
        config.put("gatehouse.billing.consumer.name", "billing-on-cluster");
        config.put("gatehouse.billing.consumer.retry-min", "50ms");
        config.put("gatehouse.billing.consumer.retry-max", "400ms");
        // Three usage stream shards, as an operator scaling out would set on gateways and billing alike.
        config.put("gatehouse.usage.stream-shards", "3");
        config.put("gatehouse.billing.consumer.claim-after", "1s");
        return config;
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
        super.stop();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(cluster, new TestInjector.MatchesType(RedisCluster.class));
    }
}
