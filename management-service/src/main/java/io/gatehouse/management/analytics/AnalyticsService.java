package io.gatehouse.management.analytics;

import io.gatehouse.management.applications.Application;
import io.gatehouse.management.billingclient.BillingClient;
import io.gatehouse.management.billingclient.TopApplications;
import io.gatehouse.management.billingclient.UsageSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Platform analytics from billing's ledger: traffic, errors and latency per API and period, and the busiest applications. */
@ApplicationScoped
public class AnalyticsService {

    private final BillingClient billing;

    public AnalyticsService(BillingClient billing) {
        this.billing = billing;
    }

    /** Billing's time series with latency percentiles (filters optional). */
    public UsageSeries timeseries(UUID apiId, UUID organizationId, UUID applicationId, String granularity, String from,
                                  String to) {
        return billing.timeseries(organizationId, applicationId, apiId, granularity, from, to, true);
    }

    public TopApplicationsView topApplications(UUID apiId, UUID organizationId, String from, String to, Integer limit) {
        TopApplications top = billing.topApplications(organizationId, apiId, from, to, limit);
        Map<UUID, String[]> names = names(top.items().stream().map(TopApplications.Item::applicationId).toList());
        List<TopApplication> items = top.items().stream().map(i -> {
            String[] n = names.getOrDefault(i.applicationId(), new String[2]);
            return new TopApplication(i.applicationId(), n[0], i.organizationId(), n[1], i.requests(), i.billableRequests(),
                    i.errors4xx(), i.errors5xx(), i.avgLatencyMs());
        }).toList();
        return new TopApplicationsView(top.from(), top.to(), items);
    }

    @Transactional
    Map<UUID, String[]> names(List<UUID> applicationIds) {
        Map<UUID, String[]> names = new HashMap<>();
        if (applicationIds.isEmpty()) {
            return names;
        }
        for (Application a : Application.<Application>list("id in ?1", applicationIds)) {
            names.put(a.id, new String[]{a.name, a.organization.name});
        }
        return names;
    }
}
