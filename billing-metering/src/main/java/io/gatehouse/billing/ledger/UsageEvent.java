package io.gatehouse.billing.ledger;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * One request a gateway answered, as the ledger stores it (contract: {@code docs/usage-events.md},
 * version 1). Unknown parties are the {@link #NIL} UUID, never null.
 *
 * @param id         the idempotency key, made at the gateway
 * @param occurredAt when the request arrived at the gateway; decides the rollup buckets (UTC)
 * @param upstreamMs null when the request was not forwarded
 * @param epoch      the gateway process's epoch, or null (events of gateways before issue 12)
 * @param seq        the event's number within its node and epoch (1, 2, 3 …), or null; see {@code GapDetector}
 */
public record UsageEvent(UUID id, Instant occurredAt, String node,
                         UUID organizationId, UUID applicationId, UUID subscriptionId, UUID planId,
                         UUID apiId, UUID routeId, UUID keyId, String keyPrefix,
                         String method, int status, String outcome, int latencyMs, Integer upstreamMs,
                         long requestBytes, long responseBytes, Long epoch, Long seq) {

    /** An event without a place in a node's sequence. */
    public UsageEvent(UUID id, Instant occurredAt, String node,
                      UUID organizationId, UUID applicationId, UUID subscriptionId, UUID planId,
                      UUID apiId, UUID routeId, UUID keyId, String keyPrefix,
                      String method, int status, String outcome, int latencyMs, Integer upstreamMs,
                      long requestBytes, long responseBytes) {
        this(id, occurredAt, node, organizationId, applicationId, subscriptionId, planId, apiId, routeId, keyId,
                keyPrefix, method, status, outcome, latencyMs, upstreamMs, requestBytes, responseBytes, null, null);
    }

    /** Stands for an unknown party (no valid key, no route). */
    public static final UUID NIL = new UUID(0, 0);

    /** Outcomes where the upstream (or the cache standing in for it) did the work the plan sells. */
    private static final Set<String> BILLABLE_OUTCOMES = Set.of("forwarded", "cache-hit");

    /** 2 for 2xx, 3 for 3xx … */
    public int statusClass() {
        return status / 100;
    }

    /**
     * The default billing rule, until plans' billable status classes are known to billing:
     * outcome {@code forwarded} or {@code cache-hit}, and status 2xx or 3xx. Denials, gateway
     * errors and upstream failures are never billed.
     */
    public boolean billable() {
        return BILLABLE_OUTCOMES.contains(outcome) && (statusClass() == 2 || statusClass() == 3);
    }
}
