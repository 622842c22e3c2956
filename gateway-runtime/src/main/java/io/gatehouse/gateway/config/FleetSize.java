package io.gatehouse.gateway.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many gateway nodes are alive, as the fleet's node reports in Redis last said (a node that
 * reported within {@link NodeReporter#LIVE_WITHIN_MS}, this one included). Kept while Redis is
 * away, which is when it matters: the rate limiter's fail-open mode gives each node
 * {@code ceil(limit / liveNodes)} of every limit. Exported as {@code gatehouse_gateway_live_nodes}.
 */
@ApplicationScoped
public class FleetSize {

    private final AtomicInteger live = new AtomicInteger(1);

    public FleetSize(MeterRegistry registry) {
        Gauge.builder("gatehouse.gateway.live.nodes", live, AtomicInteger::get)
                .description("Gateway nodes alive as the fleet's node reports last said (fail-open shares limits among them)")
                .register(registry);
    }

    /** The last known count of live nodes, at least 1. */
    public int liveNodes() {
        return live.get();
    }

    void update(int nodes) {
        live.set(Math.max(1, nodes));
    }
}
