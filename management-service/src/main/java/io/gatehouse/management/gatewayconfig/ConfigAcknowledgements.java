package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the live gateway nodes applied a config version: what {@code ?wait=} on a revocation waits for. A node
 * acknowledges a version by reporting it (it does so right after applying one, see the gateway's
 * {@code NodeReporter}); the live nodes are those that reported within {@link GatewayFleet#STALE_AFTER}, so a node
 * that hangs (stopped, partitioned) is named as not applied until it has been silent that long.
 */
@ApplicationScoped
public class ConfigAcknowledgements {

    /** The longest wait a client may ask for. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MS = 10;
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})(ms|s)?");

    /**
     * @param version  the config version that holds the change
     * @param complete every live node applied it
     * @param applied  the live nodes that applied it, by node id
     * @param pending  the live nodes that had not when the answer was made
     * @param waitedMs how long the answer waited
     */
    @Schema(name = "ConfigPropagation")
    public record Propagation(long version, boolean complete, List<String> applied, List<String> pending,
                              long waitedMs) {

        /** The live nodes counted. */
        public int nodes() {
            return applied.size() + pending.size();
        }
    }

    private final GatewayFleet fleet;
    private final SnapshotService snapshots;

    public ConfigAcknowledgements(GatewayFleet fleet, SnapshotService snapshots) {
        this.fleet = fleet;
        this.snapshots = snapshots;
    }

    /**
     * Waits until every live node applied management's current config version (which holds every change committed
     * before this call), or {@code wait} ran out. Blocking: call it on a worker thread.
     */
    public Propagation awaitCurrent(Duration wait) {
        return await(snapshots.currentVersion(), wait);
    }

    /** Waits until every live node applied {@code version}, or {@code wait} ran out. Blocking. */
    public Propagation await(long version, Duration wait) {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        while (true) {
            List<GatewayFleet.NodeView> live = fleet.live();
            List<String> applied = live.stream().filter(n -> n.version() >= version).map(GatewayFleet.NodeView::nodeId).toList();
            List<String> pending = live.stream().filter(n -> n.version() < version).map(GatewayFleet.NodeView::nodeId).toList();
            long now = System.nanoTime();
            if (pending.isEmpty() || now >= deadline) {
                return new Propagation(version, pending.isEmpty(), applied, pending, Duration.ofNanos(now - start).toMillis());
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MS, Duration.ofNanos(deadline - now).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Propagation(version, false, applied, pending, Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
        }
    }

    /**
     * Reads a {@code wait} parameter: {@code 2s}, {@code 500ms}, {@code 2} (seconds) or an ISO-8601 duration
     * ({@code PT2S}); {@code null} when absent. At most {@link #MAX_WAIT}.
     *
     * @throws ApiProblem {@code validation-failed} for anything else
     */
    public static Duration parseWait(String wait) {
        if (wait == null || wait.isBlank()) {
            return null;
        }
        String w = wait.trim().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SHORT.matcher(w);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = "ms".equals(m.group(2)) ? Duration.ofMillis(n) : Duration.ofSeconds(n);
        } else {
            try {
                d = Duration.parse(w.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalidField("wait", "give a duration such as 2s, 500ms or PT2S");
            }
        }
        if (d.isNegative() || d.compareTo(MAX_WAIT) > 0) {
            throw ApiProblem.invalidField("wait", "must be between 0 and " + MAX_WAIT.toSeconds() + "s");
        }
        return d;
    }
}
