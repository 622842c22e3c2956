package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The fleet: which gateway node applied which config version, and when it was last seen (from the nodes' Redis reports). */
@ApplicationScoped
public class GatewayFleet {

    /** A node silent for longer than this is shown as stale. */
    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    public record NodeReport(String nodeId, long version, Instant appliedAt, Instant lastSeen, Instant startedAt) {
    }

    @Schema(name = "GatewayNode")
    public record NodeView(String nodeId, long version, Instant appliedAt, Instant lastSeen, Instant startedAt,
                           boolean stale, boolean current) {
    }

    @Schema(name = "GatewayFleet")
    public record Fleet(long configVersion, List<NodeView> nodes) {
    }

    private final ReactiveRedisDataSource redis;
    private final SnapshotService snapshots;
    private final ObjectMapper json;
    private final Clock clock;
    private final String nodesKey;

    public GatewayFleet(ReactiveRedisDataSource redis, SnapshotService snapshots, ObjectMapper json, Clock clock,
                                @ConfigProperty(name = "gatehouse.redis-namespace", defaultValue = "gatehouse") String namespace) {
        this.redis = redis;
        this.snapshots = snapshots;
        this.json = json;
        this.clock = clock;
        this.nodesKey = namespace + ":gateway:nodes";
    }

    /** Every node that reported, by node id; a node is stale when silent for {@link #STALE_AFTER}. */
    public Fleet fleet() {
        long version = snapshots.currentVersion();
        Map<String, String> reports = redis.hash(String.class).hgetall(nodesKey)
                .onFailure().recoverWithItem(Map.of())
                .await().atMost(Duration.ofSeconds(2));
        Instant now = clock.instant();
        List<NodeView> nodes = reports.values().stream().map(this::read)
                .filter(r -> r != null)
                .map(r -> new NodeView(r.nodeId(), r.version(), r.appliedAt(), r.lastSeen(), r.startedAt(),
                        r.lastSeen() == null || r.lastSeen().isBefore(now.minus(STALE_AFTER)), r.version() >= version))
                .sorted(Comparator.comparing(NodeView::nodeId))
                .toList();
        return new Fleet(version, nodes);
    }

    private NodeReport read(String value) {
        try {
            return json.readValue(value, NodeReport.class);
        } catch (Exception e) {
            return null;
        }
    }
}
