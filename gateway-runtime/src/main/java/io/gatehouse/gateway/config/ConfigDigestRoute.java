package io.gatehouse.gateway.config;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /q/gatehouse/config} on the management interface (127.0.0.1, never the public port): the config version in
 * force and its digest, to compare with management's ({@code GET /internal/v1/gateway/digest}). {@code 503} until a
 * config is loaded.
 */
@ApplicationScoped
public class ConfigDigestRoute {

    static final String PATH = "/q/gatehouse/config";

    void register(@Observes ManagementInterface management, ConfigSync sync) {
        management.router().get(PATH).handler(ctx -> sync.digest().onComplete(ar -> {
            if (ar.failed() || ar.result().isEmpty()) {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", ar.failed() ? "the digest could not be computed"
                                : "no config loaded yet").encode());
                return;
            }
            ConfigSync.Digest d = ar.result().get();
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("version", d.version()).put("digest", d.digest()).encode());
        }));
    }
}
