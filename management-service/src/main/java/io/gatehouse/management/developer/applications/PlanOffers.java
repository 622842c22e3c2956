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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * The open plans granting each API that has any, by API id, each list in the order of {@link #all}: a plan whose
     * product grants several APIs is listed under each of them.
     */
    @Transactional
    public Map<UUID, List<DeveloperViews.PlanOffer>> byApi() {
        Instant now = clock.instant();
        Map<UUID, List<DeveloperViews.PlanOffer>> byApi = new LinkedHashMap<>();
        for (Plan p : open()) {
            DeveloperViews.PlanOffer offer = DeveloperViews.PlanOffer.of(p, now);
            p.product.grants().forEach(g -> byApi.computeIfAbsent(g.api.id, k -> new ArrayList<>()).add(offer));
        }
        return byApi;
    }

    /** The open plans granting one API, by name; none for a draft, deprecated or retired API. */
    @Transactional
    public List<DeveloperViews.PlanOffer> ofApi(UUID apiId) {
        Instant now = clock.instant();
        return Plan.<Plan>find("product.id in (select pa.product.id from ProductApi pa where pa.api.id = ?1"
                                + " and pa.api.lifecycle = ?4) and status = ?2 and visibility = ?3",
                        Sort.by("name").and("id"), apiId, PlanStatus.PUBLISHED, Visibility.PUBLIC, Lifecycle.PUBLISHED)
                .stream().map(p -> DeveloperViews.PlanOffer.of(p, now)).toList();
    }

    /** The open plans of one product, by name (whether the product is visible is the caller's question). */
    @Transactional
    public List<DeveloperViews.PlanOffer> ofProduct(UUID productId) {
        Instant now = clock.instant();
        return Plan.<Plan>find("product.id = ?1 and status = ?2 and visibility = ?3", Sort.by("name").and("id"),
                        productId, PlanStatus.PUBLISHED, Visibility.PUBLIC)
                .stream().map(p -> DeveloperViews.PlanOffer.of(p, now)).toList();
    }

    /** Published public plans whose product grants a published API, by product name, then plan name. */
    static List<Plan> open() {
        return Plan.<Plan>find("status = ?1 and visibility = ?2"
                        + " and product.id in (select pa.product.id from ProductApi pa where pa.api.lifecycle = ?3)",
                Sort.by("product.name").and("name").and("id"),
                PlanStatus.PUBLISHED, Visibility.PUBLIC, Lifecycle.PUBLISHED).list();
    }
}
