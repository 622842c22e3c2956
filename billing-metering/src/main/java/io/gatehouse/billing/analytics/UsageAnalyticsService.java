package io.gatehouse.billing.analytics;

import io.gatehouse.billing.ledger.UsageEvent;
import io.gatehouse.billing.ledger.UsageRollup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Window totals from the raw events and the busiest applications from the hour rollups, one query each. */
@ApplicationScoped
public class UsageAnalyticsService {

    private static final String TOTALS = """
            select count(*),
                   count(*) filter (where e.outcome <> 'denied'),
                   count(*) filter (where e.billable)
            from usage_events e
            where e.application_id = :app and e.occurred_at >= :from and e.occurred_at < :to%s""";

    private static final String TOP = """
            select r.applicationId, r.organizationId, sum(r.requests), sum(r.billableRequests),
                   sum(case when r.statusClass = 4 then r.requests else 0 end),
                   sum(case when r.statusClass = 5 then r.requests else 0 end),
                   sum(r.latencyMsSum)
            from UsageRollup r
            where r.granularity = 'hour' and r.bucketStart >= :from and r.bucketStart < :to
              and r.applicationId <> :nil%s
            group by r.applicationId, r.organizationId
            order by sum(r.requests) desc, r.applicationId""";

    @Transactional(Transactional.TxType.SUPPORTS)
    public UsageTotals totals(UUID applicationId, UUID planId, Instant from, Instant to) {
        Query q = UsageRollup.getEntityManager()
                .createNativeQuery(TOTALS.formatted(planId == null ? "" : " and e.plan_id = :plan"))
                .setParameter("app", applicationId)
                .setParameter("from", from.atOffset(ZoneOffset.UTC))
                .setParameter("to", to.atOffset(ZoneOffset.UTC));
        if (planId != null) {
            q.setParameter("plan", planId);
        }
        Object[] row = (Object[]) q.getSingleResult();
        return new UsageTotals(applicationId, planId, from, to, n(row[0]), n(row[1]), n(row[2]));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TopApplications top(UUID organizationId, UUID apiId, Instant from, Instant to, int limit) {
        StringBuilder filters = new StringBuilder();
        if (organizationId != null) {
            filters.append(" and r.organizationId = :org");
        }
        if (apiId != null) {
            filters.append(" and r.apiId = :api");
        }
        TypedQuery<Object[]> q = UsageRollup.getEntityManager().createQuery(TOP.formatted(filters), Object[].class)
                .setParameter("from", from.atOffset(ZoneOffset.UTC))
                .setParameter("to", to.atOffset(ZoneOffset.UTC))
                .setParameter("nil", UsageEvent.NIL)
                .setMaxResults(limit);
        if (organizationId != null) {
            q.setParameter("org", organizationId);
        }
        if (apiId != null) {
            q.setParameter("api", apiId);
        }
        List<ApplicationUsage> items = q.getResultList().stream().map(r -> {
            long requests = n(r[2]);
            Double latency = requests == 0 ? null : Math.round(n(r[6]) * 10.0 / requests) / 10.0;
            return new ApplicationUsage((UUID) r[0], (UUID) r[1], requests, n(r[3]), n(r[4]), n(r[5]), latency);
        }).toList();
        return new TopApplications(from, to, items);
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
