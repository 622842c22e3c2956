package io.gatehouse.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts what surrounds a gateway in tests: the management double serving {@link TestSnapshots#world},
 * an echo upstream, a slow upstream, a refused port, and an {@link IssuerDouble} (its URL is the config
 * property {@code test.issuer-url}). Redis is the real one (see
 * {@code RedisNamespaceResource}).
 */
public class GatewayWorldResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TestUpstreams.Programmable programmable;
    private static volatile TestUpstreams.Switchable pairA;
    private static volatile TestUpstreams.Switchable pairB;
    private static volatile RawUpstream raw;
    private Vertx vertx;

    /** The counting upstream of {@code /edge}. */
    public static RawUpstream raw() {
        return raw;
    }

    /** The upstream of the cached routes. */
    public static TestUpstreams.Programmable programmable() {
        return programmable;
    }

    /** The first target of {@code /pair}, which tests stop and start. */
    public static TestUpstreams.Switchable pairA() {
        return pairA;
    }

    /** The second target of {@code /pair}. */
    public static TestUpstreams.Switchable pairB() {
        return pairB;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        String echo = "http://127.0.0.1:" + TestUpstreams.startEcho(vertx).actualPort();
        String slow = "http://127.0.0.1:" + TestUpstreams.startSlow(vertx, 3_000).actualPort();
        String refused = "http://127.0.0.1:" + TestUpstreams.refusedPort();
        pairA = new TestUpstreams.Switchable(vertx, "pair-a");
        pairB = new TestUpstreams.Switchable(vertx, "pair-b");
        String noisy = "http://127.0.0.1:" + TestUpstreams.startOversizedHeaders(vertx, 16 * 1024).actualPort();
        programmable = new TestUpstreams.Programmable(vertx);
        IssuerDouble issuer = IssuerDouble.start(vertx);
        raw = new RawUpstream();
        ManagementDouble management = ManagementDouble.start(vertx, TestSnapshots.withProductApis(TestSnapshots.withUnsafeHeadersApi(TestSnapshots.withEdgeApi(TestSnapshots.withRoutingApi(TestSnapshots.withJwtApis(
                TestSnapshots.withCachedApis(TestSnapshots.withHttpApis(
                        TestSnapshots.world(1, echo, slow, refused), echo, slow, refused, noisy, pairA.url(), pairB.url()),
                        programmable.url()), echo, issuer.url(), refused), echo), raw.url()), echo), echo));
        try {
            Path dataDir = Files.createTempDirectory("gateway-world");
            return Map.of(
                    "gatehouse.management-url", management.url(),
                    "gatehouse.gateway.data-dir", dataDir.toString(),
                    "test.issuer-url", issuer.url());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (raw != null) {
            raw.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
