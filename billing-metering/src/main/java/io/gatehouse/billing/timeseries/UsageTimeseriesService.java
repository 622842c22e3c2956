package io.gatehouse.billing.timeseries;

import io.gatehouse.billing.ledger.UsageRollup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads time series from the ledger's hour or day rollups, in one aggregate query. */
@ApplicationScoped
public class UsageTimeseriesService {

    private static final String QUERY = """
            select r.bucketStart, sum(r.requests), sum(r.billableRequests),
                   sum(case when r.statusClass = 4 then r.requests else 0 end),
                   sum(case when r.statusClass = 5 then r.requests else 0 end),
                   sum(r.latencyMsSum)
            from UsageRollup r
            where r.granularity = :granularity and r.bucketStart >= :from and r.bucketStart < :to%s
            group by r.bucketStart""";

    @Transactional(Transactional.TxType.SUPPORTS)
    public UsageTimeseries timeseries(TimeseriesQuery q) {
        StringBuilder filters = new StringBuilder();
        if (q.organizationId() != null) {
            filters.append(" and r.organizationId = :org");
        }
        if (q.applicationId() != null) {
            filters.append(" and r.applicationId = :app");
        }
        if (q.apiId() != null) {
            filters.append(" and r.apiId = :api");
        }
        TypedQuery<Object[]> query = UsageRollup.getEntityManager()
                .createQuery(QUERY.formatted(filters), Object[].class)
                .setParameter("granularity", q.granularity().id())
                .setParameter("from", q.from().atOffset(ZoneOffset.UTC))
                .setParameter("to", q.to().atOffset(ZoneOffset.UTC));
        if (q.organizationId() != null) {
            query.setParameter("org", q.organizationId());
        }
        if (q.applicationId() != null) {
            query.setParameter("app", q.applicationId());
        }
        if (q.apiId() != null) {
            query.setParameter("api", q.apiId());
        }
        Map<Instant, UsagePoint> found = new HashMap<>();
        for (Object[] row : query.getResultList()) {
            Instant bucket = ((OffsetDateTime) row[0]).toInstant();
            long requests = n(row[1]);
            Double latency = requests == 0 ? null : Math.round(n(row[5]) * 10.0 / requests) / 10.0;
            found.put(bucket, new UsagePoint(bucket, requests, n(row[2]), n(row[3]), n(row[4]), latency));
        }
        List<UsagePoint> points = new ArrayList<>();
        for (Instant t = q.from(); t.isBefore(q.to()); t = t.plus(q.granularity().step())) {
            points.add(found.getOrDefault(t, UsagePoint.empty(t)));
        }
        return new UsageTimeseries(q.granularity().id(), q.from(), q.to(), points);
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
