package io.gatehouse.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;

/** Who this gateway node is in node reports, and since when it runs. */
@ApplicationScoped
public class NodeIdentity {

    private final String nodeId;
    private final Instant startedAt;

    public NodeIdentity(GatewaySettings settings, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
                        Clock clock) {
        this.nodeId = settings.gateway().nodeId().filter(id -> !id.isBlank()).orElseGet(() -> hostname() + ":" + port);
        this.startedAt = clock.instant();
    }

    public String nodeId() {
        return nodeId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
