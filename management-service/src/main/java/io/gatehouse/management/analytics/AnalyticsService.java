package io.gatehouse.management.analytics;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.applications.Application;
import io.gatehouse.management.billingreports.BillingClient;
import io.gatehouse.management.billingreports.TopApplications;
import io.gatehouse.management.billingreports.UsageSeries;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.AdminAccess;
import io.gatehouse.management.security.Capability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Platform analytics from billing's ledger: traffic, errors and latency per API and period, and the busiest applications.
 * Platform admins, billing viewers and auditors read every API, or all at once; API owners read one API they own at a
 * time ({@link #scope}), since billing filters by one API, not by a set of them.
 */
@ApplicationScoped
public class AnalyticsService {

    private final BillingClient billing;
    private final ApiService apis;
    private final AdminAccess access;

    public AnalyticsService(BillingClient billing, ApiService apis, AdminAccess access) {
        this.billing = billing;
        this.apis = apis;
        this.access = access;
    }

    /** Billing's time series with latency percentiles (filters optional, but see {@link #scope}). */
    public UsageSeries timeseries(UUID apiId, UUID organizationId, UUID applicationId, String granularity, String from,
                                  String to) {
        return billing.timeseries(organizationId, applicationId, scope(apiId), granularity, from, to, true);
    }

    public TopApplicationsView topApplications(UUID apiId, UUID organizationId, String from, String to, Integer limit) {
        TopApplications top = billing.topApplications(organizationId, scope(apiId), from, to, limit);
        Map<UUID, String[]> names = names(top.items().stream().map(TopApplications.Item::applicationId).toList());
        List<TopApplication> items = top.items().stream().map(i -> {
            String[] n = names.getOrDefault(i.applicationId(), new String[2]);
            return new TopApplication(i.applicationId(), n[0], i.organizationId(), n[1], i.requests(), i.billableRequests(),
                    i.errors4xx(), i.errors5xx(), i.avgLatencyMs());
        }).toList();
        return new TopApplicationsView(top.from(), top.to(), items);
    }

    /** Whether the caller reads analytics of every API (and over all of them), rather than of their own APIs only. */
    public boolean readsEveryApi() {
        return access.has(Capability.READ_ANALYTICS_OF_EVERY_API);
    }

    /** The APIs the caller may ask about, by name and version: all of them, or an API owner's own. */
    public List<ApiView> apisInScope() {
        return readsEveryApi() ? apis.list(null, 0, Page.MAX_LIMIT).items() : apis.ownedBy(access.subject());
    }

    /**
     * The API filter a question may use. Readers of every API: any, or none (all APIs). An API owner: one they own;
     * none is a 400 naming {@code apiId}, an unknown API a 404 and another's a 403, as when changing an API. Checked
     * before billing is asked, so a refused question costs billing nothing.
     */
    @Transactional
    public UUID scope(UUID apiId) {
        if (readsEveryApi()) {
            return apiId;
        }
        if (apiId == null) {
            throw ApiProblem.invalidField("apiId",
                    "is required: API owners read analytics of one API they own at a time");
        }
        Api api = ApiService.find(apiId);
        if (!access.mayManageApi(api.ownerSubject)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Only the owner of API " + apiId
                    + " (or a platform admin, billing viewer or auditor) may read its analytics.");
        }
        return apiId;
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
