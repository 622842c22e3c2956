package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.ExchangeConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Active subscriptions of one snapshot as {@link ApiGrant}s, indexed by application and API. A subscription to a
 * product of several APIs is under each of them, as one {@link Subscription} (so one set of limits). When several
 * subscriptions of an application grant the same API, their grants are in subscription id order, so every gateway
 * picks the same one whether its config came whole or through deltas.
 */
public final class SubscriptionIndex {

    /** The subscriptions of a config; none when there are none. */
    public static final ExchangeConfig.Part<SubscriptionIndex> PART =
            new ExchangeConfig.Part<>("subscriptions", new SubscriptionIndex(Map.of()));

    private static final Comparator<ApiGrant> BY_SUBSCRIPTION_ID =
            Comparator.comparing(g -> g.subscription().id(), Comparator.nullsLast(Comparator.naturalOrder()));

    private final Map<String, Map<String, List<ApiGrant>>> byApplicationThenApi;

    private SubscriptionIndex(Map<String, Map<String, List<ApiGrant>>> byApplicationThenApi) {
        this.byApplicationThenApi = byApplicationThenApi;
    }

    /** Whole-API subscriptions, each granting its {@code apiId}. */
    public static SubscriptionIndex of(List<Subscription> subscriptions) {
        return ofGrants(subscriptions.stream().map(s -> ApiGrant.whole(s, s.apiId())).toList());
    }

    public static SubscriptionIndex empty() {
        return new SubscriptionIndex(Map.of());
    }

    /**
     * The grants the application holds on the API, in subscription id order; {@code null} when no subscription of
     * the application grants any of it. Two map lookups, no allocation.
     */
    public List<ApiGrant> grants(String applicationId, String apiId) {
        Map<String, List<ApiGrant>> apis = byApplicationThenApi.get(applicationId);
        return apis == null ? null : apis.get(apiId);
    }

    /** The first subscription (by id) that grants the application some or all of the API. */
    public Optional<Subscription> find(String applicationId, String apiId) {
        List<ApiGrant> grants = grants(applicationId, apiId);
        return grants == null ? Optional.empty() : Optional.of(grants.get(0).subscription());
    }

    /**
     * The subscriptions of the snapshot. One without {@code grants} grants its {@code apiId} whole; one with
     * {@code grants} grants exactly those. Left out with a warning: one without an application, one with neither an
     * API nor grants, one whose grants name no API, and one whose plan was sent but could not be read
     * ({@code unreadablePlan}): it must not run unlimited. A grant without an API, or with an empty route id or method, is
     * dropped with a warning: it grants nothing rather than too much.
     */
    public static SubscriptionIndex of(List<Snapshot.SubscriptionEntry> entries, Predicate<String> unreadablePlan,
                                       List<String> warnings) {
        List<ApiGrant> grants = new ArrayList<>();
        for (Snapshot.SubscriptionEntry s : entries) {
            if (blank(s.applicationId()) || (s.grants() == null && blank(s.apiId()))) {
                warnings.add("subscription " + s.id() + " skipped: it needs an applicationId, and an apiId or grants");
                continue;
            }
            if (s.planId() != null && unreadablePlan.test(s.planId())) {
                warnings.add("subscription " + s.id() + " skipped: its plan " + s.planId() + " could not be read");
                continue;
            }
            Subscription subscription = new Subscription(s.id(), s.applicationId(), s.planId(), s.apiId());
            if (s.grants() == null) {
                grants.add(ApiGrant.whole(subscription, s.apiId()));
                continue;
            }
            int kept = 0;
            for (Snapshot.Grant g : s.grants()) {
                if (g == null || blank(g.apiId())) {
                    warnings.add("subscription " + s.id() + ": a grant without an apiId was dropped");
                    continue;
                }
                if (hasBlank(g.routeIds()) || hasBlank(g.methods())) {
                    warnings.add("subscription " + s.id() + ": its grant of API " + g.apiId()
                            + " was dropped: a route id or method is empty");
                    continue;
                }
                grants.add(new ApiGrant(subscription, g.apiId(), g.routeIds() == null ? null : new HashSet<>(g.routeIds()),
                        g.methods() == null ? null : new HashSet<>(g.methods())));
                kept++;
            }
            if (kept == 0) {
                warnings.add("subscription " + s.id() + " skipped: its grants name no API");
            }
        }
        return ofGrants(grants);
    }

    private static SubscriptionIndex ofGrants(List<ApiGrant> grants) {
        Map<String, Map<String, List<ApiGrant>>> index = new HashMap<>();
        for (ApiGrant g : grants) {
            index.computeIfAbsent(g.subscription().applicationId(), a -> new HashMap<>())
                    .computeIfAbsent(g.apiId(), a -> new ArrayList<>()).add(g);
        }
        Map<String, Map<String, List<ApiGrant>>> frozen = new HashMap<>();
        index.forEach((app, apis) -> {
            Map<String, List<ApiGrant>> byApi = new HashMap<>();
            apis.forEach((api, list) -> {
                list.sort(BY_SUBSCRIPTION_ID);
                byApi.put(api, List.copyOf(list));
            });
            frozen.put(app, Map.copyOf(byApi));
        });
        return new SubscriptionIndex(Map.copyOf(frozen));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean hasBlank(List<String> values) {
        return values != null && values.stream().anyMatch(SubscriptionIndex::blank);
    }
}
