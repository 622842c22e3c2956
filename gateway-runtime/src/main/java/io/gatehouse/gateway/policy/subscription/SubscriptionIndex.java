package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.ExchangeConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Active subscriptions of one snapshot, indexed by application and API. */
public final class SubscriptionIndex {

    /** The subscriptions of a config; none when there are none. */
    public static final ExchangeConfig.Part<SubscriptionIndex> PART =
            new ExchangeConfig.Part<>("subscriptions", new SubscriptionIndex(Map.of()));

    private final Map<String, Map<String, Subscription>> byApplicationThenApi;

    private SubscriptionIndex(Map<String, Map<String, Subscription>> byApplicationThenApi) {
        this.byApplicationThenApi = byApplicationThenApi;
    }

    public static SubscriptionIndex of(List<Subscription> subscriptions) {
        Map<String, Map<String, Subscription>> index = new HashMap<>();
        for (Subscription s : subscriptions) {
            index.computeIfAbsent(s.applicationId(), a -> new HashMap<>()).putIfAbsent(s.apiId(), s);
        }
        Map<String, Map<String, Subscription>> frozen = new HashMap<>();
        index.forEach((app, apis) -> frozen.put(app, Map.copyOf(apis)));
        return new SubscriptionIndex(Map.copyOf(frozen));
    }

    public static SubscriptionIndex empty() {
        return new SubscriptionIndex(Map.of());
    }

    public Optional<Subscription> find(String applicationId, String apiId) {
        Map<String, Subscription> apis = byApplicationThenApi.get(applicationId);
        return apis == null ? Optional.empty() : Optional.ofNullable(apis.get(apiId));
    }

    /**
     * The subscriptions of the snapshot. One without an application or API is left out with a warning, and so is one
     * whose plan was sent but could not be read ({@code unreadablePlan}): it must not run unlimited.
     */
    public static SubscriptionIndex of(List<Snapshot.SubscriptionEntry> entries, Predicate<String> unreadablePlan,
                                       List<String> warnings) {
        List<Subscription> subscriptions = new ArrayList<>();
        for (Snapshot.SubscriptionEntry s : entries) {
            if (s.applicationId() == null || s.applicationId().isBlank() || s.apiId() == null || s.apiId().isBlank()) {
                warnings.add("subscription " + s.id() + " skipped: it needs an applicationId and an apiId");
                continue;
            }
            if (s.planId() != null && unreadablePlan.test(s.planId())) {
                warnings.add("subscription " + s.id() + " skipped: its plan " + s.planId() + " could not be read");
                continue;
            }
            subscriptions.add(new Subscription(s.id(), s.applicationId(), s.planId(), s.apiId()));
        }
        return of(subscriptions);
    }
}
