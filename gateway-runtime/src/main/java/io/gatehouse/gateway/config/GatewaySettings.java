package io.gatehouse.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's own settings. Names are flat so that environment variables map naturally
 * ({@code gatehouse.gateway.poll-interval} ↔ {@code GATEHOUSE_GATEWAY_POLL_INTERVAL}).
 */
@ConfigMapping(prefix = "gatehouse")
public interface GatewaySettings {

    /**
     * Pepper for API key hashes, the same value as management's ({@code GATEHOUSE_KEY_PEPPER}).
     * Required; keys are hashed as hex(HMAC-SHA256(pepper, key)).
     */
    String keyPepper();

    /** Bearer token for management's internal gateway endpoints ({@code GATEHOUSE_GATEWAY_TOKEN}). Required. */
    String gatewayToken();

    /** Base URL of the management service, where snapshots are fetched. */
    @WithDefault("http://127.0.0.1:8081")
    String managementUrl();

    /** Prefix of every Redis key and channel this product uses, e.g. {@code <ns>:config:changed}. */
    @WithDefault("gatehouse")
    String redisNamespace();

    /** Settings of the gateway process itself. */
    Gateway gateway();

    /** Where upstreams may be ({@code gatehouse.upstreams.*}). */
    Upstreams upstreams();

    interface Upstreams {

        /**
         * Whether upstreams, composition parts, health checks and JWKS URLs may be on loopback or private addresses
         * (127/8, ::1, 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Off by default; link-local and cloud
         * metadata addresses are refused even when it is on. See {@code io.gatehouse.upstreams.UpstreamAddressRule}.
         */
        @WithDefault("false")
        boolean allowPrivate();
    }

    interface Gateway {

        /** Directory for the last applied snapshot, used when management is unreachable at start. */
        @WithDefault("data/gateway")
        String dataDir();

        /** This node's name in node reports; default {@code <hostname>:<http port>}. */
        Optional<String> nodeId();

        /** How often to ask management for its config version, in case a change message was missed. */
        @WithDefault("5s")
        Duration pollInterval();

        /**
         * CIDR blocks of the proxies in front of the gateway whose X-Forwarded-For/-Proto/-Host and Forwarded
         * headers are believed; from any other peer they are replaced. Default none: the TCP peer is the client.
         */
        Optional<List<String>> trustedProxies();

        /**
         * Whether cleartext HTTP/2 (h2c: prior knowledge or {@code Upgrade: h2c}) is accepted on the plain port.
         * Off by default: see {@code CleartextHttp2Switch}.
         */
        @WithDefault("false")
        boolean h2cEnabled();
    }
}
