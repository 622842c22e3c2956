package io.gatehouse.management.developer;

import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.keys.KeyView;
import io.gatehouse.management.plans.LimitKind;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanLimit;
import io.gatehouse.management.plans.TimeUnit;
import io.gatehouse.management.subscriptions.Subscription;
import io.gatehouse.management.subscriptions.SubscriptionStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** What the developer API's application routes answer. */
public final class DeveloperViews {

    private DeveloperViews() {
    }

    /** A plan a partner may subscribe to, with its limits as the gateway enforces them. */
    public record PlanOffer(UUID id, UUID apiId, String apiName, String apiVersion, String name, String description,
                            boolean approvalRequired, String countedPer, String timeZone, List<LimitOffer> limits) {

        static PlanOffer of(Plan p, Instant now) {
            return new PlanOffer(p.id, p.api.id, p.api.name, p.api.version, p.name, p.description, p.approvalRequired,
                    p.limitKey.code(), zone(p).getId(), DeveloperViews.limits(p, now));
        }
    }

    /**
     * One limit. Rates count in fixed windows of one {@code timeUnit}; quotas count per calendar
     * day or month in the plan's time zone, and {@code nextResetAt} says when the current one ends.
     */
    public record LimitOffer(LimitKind kind, long maxRequests, TimeUnit timeUnit, String resets, Instant nextResetAt) {
    }

    public record SubscriptionSummary(UUID id, UUID planId, String planName, UUID apiId, String apiName,
                                      String apiVersion, SubscriptionStatus status, Instant requestedAt,
                                      Instant activatedAt, List<LimitOffer> limits) {
        static SubscriptionSummary of(Subscription s, Instant now) {
            return new SubscriptionSummary(s.id, s.plan.id, s.plan.name, s.api.id, s.api.name, s.api.version,
                    s.status, s.requestedAt, s.activatedAt, DeveloperViews.limits(s.plan, now));
        }
    }

    public record ApplicationDetail(ApplicationView application, List<SubscriptionSummary> subscriptions,
                                    List<KeyView> keys) {
    }

    /** A rotation: the new key (shown once) and the old key, which works until its {@code expiresAt}. */
    public record RotatedKey(String key, KeyView details, KeyView previous) {
        @Override
        public String toString() {
            return "RotatedKey[" + details + "]";
        }
    }

    static List<LimitOffer> limits(Plan p, Instant now) {
        ZoneId zone = zone(p);
        return p.limits.stream().map(l -> limit(l, zone, now)).toList();
    }

    private static LimitOffer limit(PlanLimit l, ZoneId zone, Instant now) {
        if (l.kind == LimitKind.QUOTA && (l.timeUnit == TimeUnit.DAY || l.timeUnit == TimeUnit.MONTH)) {
            var local = now.atZone(zone);
            Instant next = l.timeUnit == TimeUnit.DAY
                    ? LocalDate.from(local).plusDays(1).atStartOfDay(zone).toInstant()
                    : YearMonth.from(local).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            String when = l.timeUnit == TimeUnit.DAY ? "every day at 00:00 " : "on the 1st of each month at 00:00 ";
            return new LimitOffer(l.kind, l.maxRequests, l.timeUnit, when + zone.getId(), next);
        }
        return new LimitOffer(l.kind, l.maxRequests, l.timeUnit, "every " + l.timeUnit.code(), null);
    }

    private static ZoneId zone(Plan p) {
        return p.timeZone == null || p.timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(p.timeZone.trim());
    }
}
