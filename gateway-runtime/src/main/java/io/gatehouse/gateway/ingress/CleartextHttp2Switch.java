package io.gatehouse.gateway.ingress;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import io.gatehouse.gateway.config.GatewaySettings;

/**
 * Turns cleartext HTTP/2 (h2c: prior knowledge and {@code Upgrade: h2c}) off on the plain port unless
 * {@code gatehouse.gateway.h2c-enabled=true}. Vert.x accepts h2c by default, and its HTTP/2 path answered
 * malformed prior-knowledge frames (control characters, bad header names) with a 500; with h2c off, a
 * prior-knowledge preface is an HTTP/1 request line naming {@code HTTP/2.0}, refused before the gateway and closed.
 * HTTP/2 over TLS (ALPN) is not affected.
 */
@ApplicationScoped
public class CleartextHttp2Switch implements HttpServerOptionsCustomizer {

    private final boolean enabled;

    public CleartextHttp2Switch(GatewaySettings settings) {
        this.enabled = settings.gateway().h2cEnabled();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(enabled);
    }
}
