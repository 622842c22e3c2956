package io.gatehouse.billing.timeseries;

import io.gatehouse.billing.ledger.UsageRollup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads time series from the ledger's hour or day rollups, in one aggregate query; latency percentiles, when
 * asked for, come from the raw events in a second query (rollups keep only a latency sum).
 */
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

    /** Nearest-rank percentiles (observed values) of the events' gateway latency per UTC bucket. */
    private static final String PERCENTILES = """
            select date_trunc(:unit, e.occurred_at, 'UTC') as bucket,
                   percentile_disc(array[0.5, 0.95, 0.99]) within group (order by e.latency_ms)
            from usage_events e
            where e.occurred_at >= :from and e.occurred_at < :to%s
            group by 1""";

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
            found.put(bucket, new UsagePoint(bucket, requests, n(row[2]), n(row[3]), n(row[4]), latency, null, null, null));
        }
        if (q.percentiles()) {
            addPercentiles(q, found);
        }
        List<UsagePoint> points = new ArrayList<>();
        for (Instant t = q.from(); t.isBefore(q.to()); t = t.plus(q.granularity().step())) {
            points.add(found.getOrDefault(t, UsagePoint.empty(t)));
        }
        return new UsageTimeseries(q.granularity().id(), q.from(), q.to(), points);
    }

    private static void addPercentiles(TimeseriesQuery q, Map<Instant, UsagePoint> found) {
        StringBuilder filters = new StringBuilder();
        if (q.organizationId() != null) {
            filters.append(" and e.organization_id = :org");
        }
        if (q.applicationId() != null) {
            filters.append(" and e.application_id = :app");
        }
        if (q.apiId() != null) {
            filters.append(" and e.api_id = :api");
        }
        Query query = UsageRollup.getEntityManager().createNativeQuery(PERCENTILES.formatted(filters))
                .setParameter("unit", q.granularity().id())
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
        for (Object row : query.getResultList()) {
            Object[] cols = (Object[]) row;
            Instant bucket = instant(cols[0]);
            Object[] p = array(cols[1]);
            UsagePoint point = found.get(bucket);
            if (point != null && p != null && p.length == 3) {
                found.put(bucket, point.withPercentiles(integer(p[0]), integer(p[1]), integer(p[2])));
            }
        }
    }

    private static Instant instant(Object o) {
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof Instant t) {
            return t;
        }
        throw new IllegalStateException("unexpected bucket type " + o.getClass());
    }

    private static Object[] array(Object o) {
        try {
            if (o instanceof java.sql.Array a) {
                return (Object[]) a.getArray();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        if (o instanceof Object[] a) {
            return a;
        }
        if (o instanceof int[] a) {
            return java.util.Arrays.stream(a).boxed().toArray();
        }
        return null;
    }

    private static Integer integer(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
