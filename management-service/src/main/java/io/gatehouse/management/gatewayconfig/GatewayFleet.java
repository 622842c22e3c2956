package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fleet: which gateway node applied which config version, and when it was last seen (from the nodes' Redis
 * reports, {@code <ns>:gateway:nodes}, one entry per node, rewritten every heartbeat and after each applied version).
 *
 * <p>A node silent for {@link #STALE_AFTER} is shown as <em>stale</em> and still listed; one silent for
 * {@code gatehouse.gateways.departed-after} (10 minutes by default) has <em>departed</em>: it leaves the list, can be
 * listed apart, and an admin may purge its entry. A departed node that reports again is simply back.
 */
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

    /**
     * @param configVersion management's current config version
     * @param nodes         the nodes that reported within {@code departedAfter}, by node id
     * @param departed      how many more nodes are silent for longer (listed with {@code ?state=departed})
     */
    @Schema(name = "GatewayFleet")
    public record Fleet(long configVersion, List<NodeView> nodes, int departed) {
    }

    private final ReactiveRedisDataSource redis;
    private final SnapshotService snapshots;
    private final ObjectMapper json;
    private final Clock clock;
    private final String nodesKey;
    private final Duration departedAfter;

    public GatewayFleet(ReactiveRedisDataSource redis, SnapshotService snapshots, ObjectMapper json, Clock clock,
                        @ConfigProperty(name = "gatehouse.redis-namespace", defaultValue = "gatehouse") String namespace,
                        @ConfigProperty(name = "gatehouse.gateways.departed-after", defaultValue = "10m") Duration departedAfter) {
        this.redis = redis;
        this.snapshots = snapshots;
        this.json = json;
        this.clock = clock;
        this.nodesKey = namespace + ":gateway:nodes";
        this.departedAfter = departedAfter;
    }

    /** The nodes that have not departed, by node id, and how many have. */
    public Fleet fleet() {
        long version = snapshots.currentVersion();
        List<NodeView> all = nodes(version);
        List<NodeView> present = all.stream().filter(n -> !departed(n)).toList();
        return new Fleet(version, present, all.size() - present.size());
    }

    /** The nodes silent for longer than {@code departedAfter}, by node id. */
    public Fleet departed() {
        long version = snapshots.currentVersion();
        List<NodeView> gone = nodes(version).stream().filter(this::departed).toList();
        return new Fleet(version, gone, gone.size());
    }

    /** The nodes that count for an acknowledgement: not stale (reported within {@link #STALE_AFTER}). */
    public List<NodeView> live() {
        return nodes(0).stream().filter(n -> !n.stale()).toList();
    }

    /** Removes every departed node's entry; returns the node ids removed. */
    public List<String> purgeDeparted() {
        List<String> gone = nodes(0).stream().filter(this::departed).map(NodeView::nodeId).toList();
        if (!gone.isEmpty()) {
            redis.hash(String.class).hdel(nodesKey, gone.toArray(String[]::new)).await().atMost(Duration.ofSeconds(2));
        }
        return gone;
    }

    /**
     * Removes one departed node's entry.
     *
     * @throws ApiProblem {@code not-found} for an unknown node, {@code conflict} for one that has not departed
     */
    public void purge(String nodeId) {
        NodeView node = nodes(0).stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("gateway node", nodeId));
        if (!departed(node)) {
            throw new ApiProblem(ProblemType.CONFLICT, "gateway node " + nodeId + " reported at " + node.lastSeen()
                    + ", less than " + departedAfter + " ago: only departed nodes can be purged");
        }
        redis.hash(String.class).hdel(nodesKey, nodeId).await().atMost(Duration.ofSeconds(2));
    }

    public Duration departedAfter() {
        return departedAfter;
    }

    private boolean departed(NodeView n) {
        return n.lastSeen() == null || n.lastSeen().isBefore(clock.instant().minus(departedAfter));
    }

    private List<NodeView> nodes(long version) {
        Map<String, String> reports = redis.hash(String.class).hgetall(nodesKey)
                .onFailure().recoverWithItem(Map.of())
                .await().atMost(Duration.ofSeconds(2));
        Instant now = clock.instant();
        return reports.values().stream().map(this::read)
                .filter(Objects::nonNull)
                .map(r -> new NodeView(r.nodeId(), r.version(), r.appliedAt(), r.lastSeen(), r.startedAt(),
                        r.lastSeen() == null || r.lastSeen().isBefore(now.minus(STALE_AFTER)), r.version() >= version))
                .sorted(Comparator.comparing(NodeView::nodeId))
                .toList();
    }

    private NodeReport read(String value) {
        try {
            return json.readValue(value, NodeReport.class);
        } catch (Exception e) {
            return null;
        }
    }
}
