package io.gatehouse.gateway.policy.subscription;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Active subscriptions of one snapshot, indexed by application and API. */
public final class SubscriptionIndex {

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
}
