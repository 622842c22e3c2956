package io.gatehouse.management.developer.applications;

import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanStatus;
import io.gatehouse.management.plans.Visibility;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The plans open for subscription as partners see them, with limits and prices: published, public plans of
 * published APIs. The same list answers the signed-in plan picker ({@code GET /developer/v1/plans}) and the
 * public catalog, so a price shown before sign-up is the price of the plan subscribed to.
 */
@ApplicationScoped
public class PlanOffers {

    private final Clock clock;

    public PlanOffers(Clock clock) {
        this.clock = clock;
    }

    /** Every open plan, by API name, version and plan name. */
    @Transactional
    public List<DeveloperViews.PlanOffer> all() {
        Instant now = clock.instant();
        return open().stream().map(p -> DeveloperViews.PlanOffer.of(p, now)).toList();
    }

    /** The open plans of each API that has any, by API id, each list by plan name. */
    @Transactional
    public Map<UUID, List<DeveloperViews.PlanOffer>> byApi() {
        return all().stream().collect(Collectors.groupingBy(DeveloperViews.PlanOffer::apiId, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** The open plans of one API, by name; none for a draft, deprecated or retired API. */
    @Transactional
    public List<DeveloperViews.PlanOffer> ofApi(UUID apiId) {
        Instant now = clock.instant();
        return Plan.<Plan>find("api.id = ?1 and status = ?2 and visibility = ?3 and api.lifecycle = ?4",
                        Sort.by("name").and("id"), apiId, PlanStatus.PUBLISHED, Visibility.PUBLIC, Lifecycle.PUBLISHED)
                .stream().map(p -> DeveloperViews.PlanOffer.of(p, now)).toList();
    }

    static List<Plan> open() {
        return Plan.<Plan>find("status = ?1 and visibility = ?2 and api.lifecycle = ?3",
                Sort.by("api.name").and("api.version").and("name"),
                PlanStatus.PUBLISHED, Visibility.PUBLIC, Lifecycle.PUBLISHED).list();
    }
}
