package io.gatehouse.management.usage;

import io.gatehouse.management.applications.Application;
import io.gatehouse.management.billingreports.BillingClient;
import io.gatehouse.management.billingreports.UsageSeries;
import io.gatehouse.management.billingreports.UsageTotals;
import io.gatehouse.management.plans.LimitKind;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanLimit;
import io.gatehouse.management.plans.TimeUnit;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.subscriptions.Subscription;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One organization's view of an application's usage. The catalog facts (application, subscriptions, plans) are
 * read in a short transaction first; billing is asked afterwards, outside it, so a slow billing never holds a
 * database connection.
 */
@ApplicationScoped
public class ApplicationUsageService {

    private final BillingClient billing;
    private final Clock clock;

    public ApplicationUsageService(BillingClient billing, Clock clock) {
        this.billing = billing;
        this.clock = clock;
    }

    /** What the catalog says, detached from the persistence context. */
    record Facts(UUID applicationId, String applicationName, UUID organizationId, List<SubscriptionFacts> subscriptions) {
    }

    record SubscriptionFacts(UUID subscriptionId, UUID planId, String planName, UUID apiId, String apiName,
                             String countedPer, ZoneId zone, List<QuotaFacts> quotas, UUID productId,
                             String productName, boolean singleApi) {
    }

    record QuotaFacts(TimeUnit unit, long limit) {
    }

    /**
     * The usage of {@code applicationId} if it belongs to {@code organizationId}; 404 otherwise, exactly like an
     * application that does not exist.
     *
     * @param granularity {@code hour} or {@code day} (billing validates it, and {@code from}/{@code to})
     */
    public ApplicationUsage usage(UUID organizationId, UUID applicationId, String granularity, String from, String to) {
        Facts facts = facts(organizationId, applicationId);
        UsageSeries series = billing.timeseries(organizationId, applicationId, null, granularity, from, to, false);
        return new ApplicationUsage(facts.applicationId(), facts.applicationName(), series.granularity(), series.from(),
                series.to(), series.points(), quotas(facts));
    }

    /**
     * Each active subscription of {@code applicationId} with its day and month quotas in their current windows, counted
     * by billing's ledger now (also what the quota notifications read); 404 when the application is not
     * {@code organizationId}'s.
     */
    public List<SubscriptionQuota> quotas(UUID organizationId, UUID applicationId) {
        return quotas(facts(organizationId, applicationId));
    }

    private List<SubscriptionQuota> quotas(Facts facts) {
        Instant now = clock.instant();
        Map<String, Long> counted = new HashMap<>();
        List<SubscriptionQuota> subscriptions = new ArrayList<>();
        for (SubscriptionFacts s : facts.subscriptions()) {
            List<QuotaWindow> windows = new ArrayList<>();
            for (QuotaFacts quota : s.quotas()) {
                TimeUnit unit = quota.unit();
                long limit = quota.limit();
                Instant start = windowStart(unit, s.zone(), now);
                Instant reset = nextWindow(unit, s.zone(), now);
                long used = counted.computeIfAbsent(s.planId() + "@" + start, k -> {
                    UsageTotals t = billing.totals(facts.applicationId(), s.planId(), start, now);
                    return t.admitted();
                });
                windows.add(new QuotaWindow(unit, limit, used, Math.max(0, limit - used), start, reset, now));
            }
            subscriptions.add(new SubscriptionQuota(s.subscriptionId(), s.planId(), s.planName(), s.apiId(), s.apiName(),
                    s.countedPer(), s.zone().getId(), windows, s.productId(), s.productName(), s.singleApi()));
        }
        return subscriptions;
    }

    @Transactional
    Facts facts(UUID organizationId, UUID applicationId) {
        Application app = Application.<Application>find("id = ?1 and organization.id = ?2", applicationId, organizationId)
                .firstResult();
        if (app == null) {
            throw ApiProblem.notFound("Application", applicationId);
        }
        List<Subscription> subs = Subscription.list("application = ?1 and status = ?2 order by createdAt", app,
                SubscriptionStatus.ACTIVE);
        List<SubscriptionFacts> facts = new ArrayList<>();
        for (Subscription s : subs) {
            Plan p = s.plan;
            List<QuotaFacts> quotas = new ArrayList<>();
            for (PlanLimit l : p.limits) {
                if (l.kind == LimitKind.QUOTA && (l.timeUnit == TimeUnit.DAY || l.timeUnit == TimeUnit.MONTH)) {
                    quotas.add(new QuotaFacts(l.timeUnit, l.maxRequests));
                }
            }
            facts.add(new SubscriptionFacts(s.id, p.id, p.name, s.api.id, s.api.name, p.limitKey.code(), zone(p), quotas,
                    p.product.id, p.product.name, p.api != null));
        }
        return new Facts(app.id, app.name, organizationId, facts);
    }

    static Instant windowStart(TimeUnit unit, ZoneId zone, Instant now) {
        ZonedDateTime local = now.atZone(zone);
        return unit == TimeUnit.DAY
                ? LocalDate.from(local).atStartOfDay(zone).toInstant()
                : YearMonth.from(local).atDay(1).atStartOfDay(zone).toInstant();
    }

    static Instant nextWindow(TimeUnit unit, ZoneId zone, Instant now) {
        ZonedDateTime local = now.atZone(zone);
        return unit == TimeUnit.DAY
                ? LocalDate.from(local).plusDays(1).atStartOfDay(zone).toInstant()
                : YearMonth.from(local).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    private static ZoneId zone(Plan p) {
        return p.timeZone == null || p.timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(p.timeZone.trim());
    }
}
