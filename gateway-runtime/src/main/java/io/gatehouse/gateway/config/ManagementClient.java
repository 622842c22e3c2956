package io.gatehouse.gateway.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** Talks to management's internal gateway endpoints, without blocking. */
@ApplicationScoped
public class ManagementClient {

    static final String SNAPSHOT_PATH = "/internal/v1/gateway/snapshot";
    static final String VERSION_PATH = "/internal/v1/gateway/version";
    static final String CHANGES_PATH = "/internal/v1/gateway/changes";
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int IDLE_TIMEOUT_MS = 10_000;
    /**
     * How long a snapshot or delta may take to start arriving: management builds it before the first byte, which for
     * 100,000 keys on a busy machine takes several seconds.
     */
    private static final int BUILD_TIMEOUT_MS = 60_000;

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final String authorization;
    private final Counter snapshotBytes;
    private final Counter deltaBytes;

    /** What management answered to a request for the changes after a version. */
    public sealed interface Changes {
        /** A delta to apply. */
        record Delta(Buffer json) implements Changes {
        }

        /** Nothing changed since that version. */
        record Current() implements Changes {
        }

        /** No delta reaches that version: fetch the snapshot. */
        record SnapshotNeeded() implements Changes {
        }
    }

    public ManagementClient(Vertx vertx, GatewaySettings settings, MeterRegistry registry) {
        this.snapshotBytes = Counter.builder("gatehouse.config.fetched.bytes").tag("kind", "snapshot")
                .description("Bytes of config fetched from management (snapshots and deltas)").register(registry);
        this.deltaBytes = Counter.builder("gatehouse.config.fetched.bytes").tag("kind", "delta")
                .description("Bytes of config fetched from management (snapshots and deltas)").register(registry);
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        String url = settings.managementUrl().trim();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Bearer " + settings.gatewayToken();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Fetches the snapshot into {@code target}, streamed to disk as it arrives (a million keys are hundreds of
     * megabytes: never held in memory). Completes with {@code false} when management answers 304 for
     * {@code knownVersion} (pass {@code null} to always get the body), {@code true} when {@code target} holds it.
     */
    public Future<Boolean> fetchSnapshot(Long knownVersion, java.nio.file.Path target) {
        RequestOptions options = options(SNAPSHOT_PATH).setIdleTimeout(BUILD_TIMEOUT_MS);
        if (knownVersion != null) {
            options.putHeader(HttpHeaders.IF_NONE_MATCH, "\"" + knownVersion + "\"");
        }
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() == 304) {
                        return response.body().map(b -> false);
                    }
                    if (response.statusCode() != 200) {
                        return unexpected(response);
                    }
                    // Paused until the file is open: nothing may arrive before the pipe reads it.
                    response.pause();
                    return vertx.fileSystem().open(target.toString(),
                                    new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                            // A paused response that is never read would hold its connection until the idle timeout.
                            .onFailure(e -> response.request().reset())
                            .compose(file -> response.pipeTo(file))
                            .compose(v -> vertx.fileSystem().props(target.toString()))
                            .map(props -> {
                                snapshotBytes.increment(props.size());
                                return true;
                            });
                });
    }

    /** Fetches the changes after {@code version} (see {@link Changes}). */
    public Future<Changes> fetchChanges(long version) {
        return client.request(options(CHANGES_PATH + "?after=" + version).setIdleTimeout(BUILD_TIMEOUT_MS))
                .compose(request -> request.send())
                .compose(response -> response.body().compose(body -> switch (response.statusCode()) {
                    case 200 -> {
                        deltaBytes.increment(body.length());
                        yield Future.succeededFuture(new Changes.Delta(body));
                    }
                    case 204 -> Future.succeededFuture(new Changes.Current());
                    // 404: a management from before deltas, which only serves the snapshot.
                    case 404, 410 -> Future.succeededFuture(new Changes.SnapshotNeeded());
                    default -> unexpected(response);
                }));
    }

    /** Fetches management's current config version. */
    public Future<Long> fetchVersion() {
        return client.request(options(VERSION_PATH))
                .compose(request -> request.send())
                .compose(response -> response.body().compose(body -> {
                    if (response.statusCode() != 200) {
                        return unexpected(response);
                    }
                    try {
                        Long version = new JsonObject(body).getLong("version");
                        return version == null
                                ? Future.failedFuture(new IllegalStateException("management's version answer has no 'version'"))
                                : Future.succeededFuture(version);
                    } catch (RuntimeException e) {
                        return Future.failedFuture(new IllegalStateException("management's version answer is not JSON", e));
                    }
                }));
    }

    private RequestOptions options(String path) {
        return new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(baseUrl + path)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setIdleTimeout(IDLE_TIMEOUT_MS);
    }

    private static <T> Future<T> unexpected(HttpClientResponse response) {
        return Future.failedFuture(new IllegalStateException(
                "management answered " + response.statusCode() + " to " + response.request().getURI()));
    }
}
