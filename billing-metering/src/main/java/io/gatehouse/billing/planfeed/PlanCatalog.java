package io.gatehouse.billing.planfeed;

import io.gatehouse.billing.pricing.OverageModel;
import io.gatehouse.billing.pricing.PriceModel;
import io.gatehouse.billing.pricing.PriceTier;
import io.gatehouse.billing.pricing.Proration;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The price models and subscriptions billing knows, as of {@code fetchedAt}: a checked copy of
 * management's billing feed. Immutable.
 *
 * @param unusable plans whose price model billing cannot use, with the reason: an organization
 *                 that needs one waits (its close fails) until management fixes it; the others close
 */
public record PlanCatalog(Instant fetchedAt, Map<UUID, PricedPlan> plans, Map<UUID, String> unusable,
                          List<Subscription> subscriptions) {

    /**
     * A plan's price model, the status classes it bills (2 for 2xx …) and the zone of its months.
     */
    public record PricedPlan(UUID id, UUID apiId, String name, PriceModel model, Set<Integer> billableClasses,
                             ZoneId zone) {

        /** The plan's month {@code period} as [start, end). */
        public Instant start(YearMonth period) {
            return period.atDay(1).atStartOfDay(zone).toInstant();
        }

        public Instant end(YearMonth period) {
            return period.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        }
    }

    /**
     * A subscription and the organization it bills to; {@code activatedAt} null when never active.
     *
     * @param planId the plan in force now
     * @param terms  which plan was in force when, oldest first; one term of {@code planId} unless the plan changed
     */
    public record Subscription(UUID id, UUID applicationId, UUID organizationId, UUID planId, UUID apiId, String status,
                               Instant activatedAt, Instant endedAt, List<PlanTerm> terms) {

        public Subscription {
            terms = terms == null || terms.isEmpty() ? List.of(new PlanTerm(planId, null, null)) : List.copyOf(terms);
        }

        /** A subscription whose plan never changed. */
        public Subscription(UUID id, UUID applicationId, UUID organizationId, UUID planId, UUID apiId, String status,
                            Instant activatedAt, Instant endedAt) {
            this(id, applicationId, organizationId, planId, apiId, status, activatedAt, endedAt, null);
        }

        /** Whether the subscription was active at some moment of {@code [start, end)}. */
        public boolean billedBetween(Instant start, Instant end) {
            return activatedAt != null && activatedAt.isBefore(end) && (endedAt == null || !endedAt.isBefore(start));
        }

        /**
         * How much of {@code plan}'s flat fee for the month {@code [start, end)} is owed; empty when none. The rule:
         * a month in which the subscription was active owes the fee in full (starting or cancelling mid-month does not
         * prorate), except where a plan change split it: then each plan owes its fee prorated by the time it was in
         * force in the month ({@link Proration}).
         */
        public Optional<Proration> flatFeeShare(UUID plan, Instant start, Instant end) {
            if (!billedBetween(start, end)) {
                return Optional.empty();
            }
            Duration inForce = Duration.ZERO;
            for (PlanTerm t : terms) {
                if (!t.planId().equals(plan)) {
                    continue;
                }
                Instant from = t.from() == null || t.from().isBefore(start) ? start : t.from();
                Instant until = t.until() == null || t.until().isAfter(end) ? end : t.until();
                if (from.isBefore(until)) {
                    inForce = inForce.plus(Duration.between(from, until));
                }
            }
            return inForce.isZero() ? Optional.empty() : Optional.of(new Proration(inForce, Duration.between(start, end)));
        }

        /** Every plan this subscription was ever on. */
        public Set<UUID> planIds() {
            return terms.stream().map(PlanTerm::planId).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }
    }

    /** A plan in force on a subscription during [{@code from}, {@code until}); a null bound is the subscription's own. */
    public record PlanTerm(UUID planId, Instant from, Instant until) {
    }

    public List<Subscription> subscriptionsOf(UUID organizationId) {
        return subscriptions.stream().filter(s -> s.organizationId().equals(organizationId)).toList();
    }

    /**
     * Checks a feed document and turns it into a catalog.
     *
     * @throws IllegalArgumentException naming the plan and what is wrong with it
     */
    public static PlanCatalog of(FeedDocument doc, Instant fetchedAt) {
        if (doc == null || doc.version() != 1 || doc.plans() == null || doc.subscriptions() == null) {
            throw new IllegalArgumentException("not a billing feed of version 1");
        }
        Map<UUID, PricedPlan> plans = new LinkedHashMap<>();
        Map<UUID, String> unusable = new LinkedHashMap<>();
        for (FeedDocument.Plan p : doc.plans()) {
            if (p == null || p.id() == null) {
                throw new IllegalArgumentException("a plan without an id");
            }
            try {
                plans.put(p.id(), plan(p));
            } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
                unusable.put(p.id(), "plan " + p.id() + " has no usable price model: " + e.getMessage());
            }
        }
        List<Subscription> subscriptions = doc.subscriptions().stream()
                .map(s -> new Subscription(s.subscriptionId(), s.applicationId(), s.organizationId(), s.planId(),
                        s.apiId(), s.status(), s.activatedAt(), s.endedAt(), s.planTerms() == null ? null
                        : s.planTerms().stream().map(t -> new PlanTerm(t.planId(), t.from(), t.until())).toList()))
                .toList();
        return new PlanCatalog(fetchedAt, Map.copyOf(plans), Map.copyOf(unusable), subscriptions);
    }

    private static PricedPlan plan(FeedDocument.Plan p) {
        List<PriceTier> tiers = p.tiers() == null ? List.of()
                : p.tiers().stream().map(t -> new PriceTier(t.upTo(), t.unitPrice(), t.perUnits())).toList();
        PriceModel model = new PriceModel(Currency.getInstance(p.currency()), p.flatFee(), p.includedRequests(),
                OverageModel.valueOf(p.overageModel().toUpperCase(Locale.ROOT)), tiers);
        return new PricedPlan(p.id(), p.apiId(), p.name(), model, statusClasses(p.billableStatusClasses()),
                ZoneId.of(p.timeZone()));
    }

    /** {@code ["2xx","3xx"]} → {2, 3}; empty or absent means the default, 2xx and 3xx. */
    static Set<Integer> statusClasses(List<String> classes) {
        if (classes == null || classes.isEmpty()) {
            return Set.of(2, 3);
        }
        return classes.stream().map(c -> {
            String s = c.strip().toLowerCase(Locale.ROOT);
            if (!s.matches("[1-5]xx")) {
                throw new IllegalArgumentException("billable status class '" + c + "' is not one of 1xx … 5xx");
            }
            return s.charAt(0) - '0';
        }).collect(Collectors.toCollection(TreeSet::new));
    }
}
