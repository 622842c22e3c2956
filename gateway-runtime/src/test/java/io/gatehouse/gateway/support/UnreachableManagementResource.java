package io.gatehouse.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A world where management and Redis cannot be reached. With init arg {@code diskCopy=true}
 * the data dir already holds a snapshot (version {@value #DISK_VERSION}) routing to a live echo
 * upstream, as a gateway that ran before would have left it.
 */
public class UnreachableManagementResource implements QuarkusTestResourceLifecycleManager {

    public static final long DISK_VERSION = 7;

    private Vertx vertx;
    private boolean diskCopy;

    @Override
    public void init(Map<String, String> initArgs) {
        diskCopy = Boolean.parseBoolean(initArgs.getOrDefault("diskCopy", "false"));
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            Path dataDir = Files.createTempDirectory("gateway-unreachable");
            if (diskCopy) {
                String echo = "http://127.0.0.1:" + TestUpstreams.startEcho(vertx).actualPort();
                String dead = "http://127.0.0.1:" + TestUpstreams.refusedPort();
                Files.writeString(dataDir.resolve("snapshot.json"),
                        TestSnapshots.world(DISK_VERSION, echo, dead, dead).encode());
            }
            return Map.of(
                    "gatehouse.management-url", "http://127.0.0.1:" + TestUpstreams.refusedPort(),
                    "gatehouse.gateway.data-dir", dataDir.toString(),
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + TestUpstreams.refusedPort(),
                    "gatehouse.redis-namespace", "test-unreachable");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
