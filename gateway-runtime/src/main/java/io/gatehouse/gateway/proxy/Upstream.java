package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.ExchangeConfig;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.gatehouse.gateway.upstream.TargetHealth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The targets of one API and a weighted round-robin over them that skips targets which are ejected (breaker
 * open) or failing active health checks. Immutable apart from the rotation counter and the health binding.
 */
public final class Upstream {

    /** The targets of an API; {@code null} when the API is not in the config. Set by the snapshot compiler. */
    public static final ExchangeConfig.Option<Upstream> OPTION = new ExchangeConfig.Option<>("targets", null);

    private final List<UpstreamTarget> targets;
    // Each target's index appears 'weight' times: trivially fair, and weights are small numbers.
    private final int[] rotation;
    private final AtomicInteger next = new AtomicInteger();
    private volatile TargetHealth[] health;

    public Upstream(List<UpstreamTarget> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("an upstream needs at least one target");
        }
        this.targets = List.copyOf(targets);
        boolean anyWeight = targets.stream().anyMatch(t -> t.weight() > 0);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int weight = anyWeight ? targets.get(i).weight() : 1;
            for (int w = 0; w < weight; w++) {
                slots.add(i);
            }
        }
        this.rotation = slots.stream().mapToInt(Integer::intValue).toArray();
    }

    public List<UpstreamTarget> targets() {
        return targets;
    }

    /** The target for the next request, ignoring health. */
    public UpstreamTarget pick() {
        if (rotation.length == 1) {
            return targets.get(rotation[0]);
        }
        return targets.get(rotation[Math.floorMod(next.getAndIncrement(), rotation.length)]);
    }

    /**
     * The index of the target for the next request among those that may take traffic, preferring any target
     * other than {@code avoid} (the index of one that just failed, or -1); -1 when none may. Claims a half-open
     * probe when it picks a target whose breaker cool-down is over.
     */
    public int pick(TargetHealth[] health, ResilienceSettings settings, long nowNanos, int avoid) {
        // A retry does not advance the rotation, so retries do not skew the spread of first attempts.
        int start = rotation.length == 1 ? 0
                : Math.floorMod(avoid >= 0 ? next.get() : next.getAndIncrement(), rotation.length);
        for (int i = 0; i < rotation.length; i++) {
            int candidate = rotation[(start + i) % rotation.length];
            if (candidate != avoid && health[candidate].looksAvailable(nowNanos, settings)
                    && health[candidate].tryAcquire(nowNanos, settings)) {
                return candidate;
            }
        }
        if (avoid >= 0 && health[avoid].tryAcquire(nowNanos, settings)) {
            return avoid;
        }
        return -1;
    }

    /**
     * The health objects of the targets, looked up once per config ({@code lookup} returns the same object for
     * the same target across configs) and kept here so picking needs no map lookup.
     */
    public TargetHealth[] health(Function<UpstreamTarget, TargetHealth> lookup) {
        TargetHealth[] bound = health;
        if (bound == null) {
            bound = targets.stream().map(lookup).toArray(TargetHealth[]::new);
            health = bound;
        }
        return bound;
    }

    /**
     * The usable targets of the snapshot's API, or {@code null} when it has none; a target that cannot be read is
     * left out with a warning starting with {@code label}.
     */
    public static Upstream of(List<Snapshot.TargetEntry> entries, String label, List<String> warnings) {
        List<UpstreamTarget> targets = new ArrayList<>();
        for (Snapshot.TargetEntry target : entries) {
            try {
                targets.add(UpstreamTarget.parse(target.id(), target.url(), target.weight() == null ? 1 : target.weight()));
            } catch (IllegalArgumentException | NullPointerException e) {
                warnings.add(label + ": target " + target.id() + " skipped: " + e.getMessage());
            }
        }
        return targets.isEmpty() ? null : new Upstream(targets);
    }
}
