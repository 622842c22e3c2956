package io.gatehouse.management.billingreports;

import java.time.Instant;
import java.util.List;

/**
 * Billing's metering gaps: ranges of a gateway process's usage event numbers that never reached the ledger
 * within {@code grace} (an ISO-8601 duration).
 */
public record MeteringGaps(List<Gap> items, String grace) {

    /** One gap: node, epoch (the gateway process's start), the missing numbers, and when it was found or filled. */
    public record Gap(String node, long epoch, long firstSeq, long lastSeq, long missing, Instant detectedAt,
                      Instant filledAt) {
    }
}
