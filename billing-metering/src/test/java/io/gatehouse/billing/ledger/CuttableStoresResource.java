package io.gatehouse.billing.ledger;

import io.gatehouse.testing.TcpProxy;
import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL and a namespace of its own on the real Redis, each
 * reached by the application through a {@link TcpProxy} the test can cut. The proxies are injected
 * into the test's {@link Stores} field. Also sets the consumer's test settings: a short claim
 * timeout and short backoff.
 */
public class CuttableStoresResource extends RealPostgresResource {

    /** The proxies in front of the stores. */
    public record Stores(TcpProxy postgres, TcpProxy redis, String database) {
    }

    private Stores stores;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String directUrl = config.get("quarkus.datasource.jdbc.url");
        String database = directUrl.substring(directUrl.lastIndexOf('/') + 1);
        TcpProxy postgres = TcpProxy.start(PostgresDatabase.HOST, Integer.parseInt(PostgresDatabase.PORT));
        URI redisUri = URI.create(RedisNamespaceResource.REDIS_URL);
        TcpProxy redis = TcpProxy.start(redisUri.getHost(), redisUri.getPort() < 0 ? 6379 : redisUri.getPort());
        stores = new Stores(postgres, redis, database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database);
        config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port());
        config.put("gatehouse.redis-namespace", "test-" + UUID.randomUUID().toString().substring(0, 8));
        config.put("gatehouse.billing.consumer.name", "billing-under-test");
        config.put("gatehouse.billing.consumer.claim-after", "2s");
        config.put("gatehouse.billing.consumer.retry-min", "50ms");
        config.put("gatehouse.billing.consumer.retry-max", "400ms");
        return config;
    }

    @Override
    public void stop() {
        if (stores != null) {
            stores.postgres().cut();
            stores.redis().cut();
        }
        super.stop();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stores, new TestInjector.MatchesType(Stores.class));
    }
}
