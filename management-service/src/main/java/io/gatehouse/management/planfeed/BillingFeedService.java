package io.gatehouse.management.planfeed;

import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.subscriptions.PlanChange;
import io.gatehouse.management.subscriptions.PlanChangeStatus;
import io.gatehouse.management.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;

/** Reads the billing feed in one read-only transaction, so a plan named by a subscription is in it. */
@ApplicationScoped
public class BillingFeedService {

    private final Clock clock;

    public BillingFeedService(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public BillingFeed feed() {
        List<BillingFeed.PlanPrice> plans = Plan.getEntityManager()
                .createQuery("select distinct p from Plan p left join fetch p.priceTiers order by p.id", Plan.class)
                .getResultList().stream()
                .map(BillingFeedService::plan)
                .toList();
        Map<UUID, List<Object[]>> history = PlanChange.getEntityManager()
                .createQuery("""
                        select c.subscription.id, c.fromPlan.id, c.effectiveAt from PlanChange c
                        where c.status = :applied order by c.subscription.id, c.effectiveAt, c.id""", Object[].class)
                .setParameter("applied", PlanChangeStatus.APPLIED)
                .getResultList().stream()
                .collect(Collectors.groupingBy(r -> (UUID) r[0], Collectors.toList()));
        List<BillingFeed.SubscriptionRef> subscriptions = Subscription.getEntityManager()
                .createQuery("""
                        select s.id, s.application.id, s.application.organization.id, s.plan.id, s.api.id, s.status,
                               s.activatedAt, s.endedAt
                        from Subscription s order by s.id""", Object[].class)
                .getResultList().stream()
                .map(r -> new BillingFeed.SubscriptionRef((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3], (UUID) r[4],
                        ((io.gatehouse.management.common.Coded) r[5]).code(), (Instant) r[6], (Instant) r[7],
                        terms((UUID) r[0], (UUID) r[3], history)))
                .toList();
        return new BillingFeed(1, clock.instant(), plans, subscriptions);
    }

    /** The plan history of one subscription from its applied changes (each: from plan, effective at), oldest first. */
    private static List<BillingFeed.PlanTerm> terms(UUID subscription, UUID currentPlan, Map<UUID, List<Object[]>> history) {
        List<BillingFeed.PlanTerm> terms = new ArrayList<>();
        Instant from = null;
        for (Object[] change : history.getOrDefault(subscription, List.of())) {
            Instant at = (Instant) change[2];
            terms.add(new BillingFeed.PlanTerm((UUID) change[1], from, at));
            from = at;
        }
        terms.add(new BillingFeed.PlanTerm(currentPlan, from, null));
        return terms;
    }

    private static BillingFeed.PlanPrice plan(Plan p) {
        return new BillingFeed.PlanPrice(p.id, p.product.id, p.api == null ? null : p.api.id, p.name, p.currency, p.flatFee, p.includedRequests,
                p.overageModel.code(),
                Arrays.stream(p.billableStatusClasses.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                p.timeZone,
                p.priceTiers.stream().map(t -> new BillingFeed.Tier(t.upTo, t.unitPrice, t.perUnits)).toList());
    }
}
