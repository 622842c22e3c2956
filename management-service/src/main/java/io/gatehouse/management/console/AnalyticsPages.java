package io.gatehouse.management.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.analytics.AnalyticsResource;
import io.gatehouse.management.analytics.AnalyticsService;
import io.gatehouse.management.analytics.TopApplicationsView;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.billingreports.UsagePoint;
import io.gatehouse.management.billingreports.UsageSeries;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /console/analytics?[apiId=][&range=24h|7d|30d]}: traffic, error rate and latency (mean and p50/p95/p99)
 * of one API or all, as charts drawn by a static script from the data block, and the same figures as tables;
 * plus the busiest applications. Everything comes from billing-metering (same roles and scope as
 * {@code GET /admin/v1/analytics/*}): an API owner chooses among their own APIs only, the first of them when the
 * address names none, and sees a note instead of figures while they own no API.
 */
@Path("/console/analytics")
@Produces(MediaType.TEXT_HTML)
public class AnalyticsPages {

    /** The periods the page offers: how far back, and in which buckets. */
    public enum Range {
        LAST_24_HOURS("24h", "last 24 hours", "hour", Duration.ofHours(24)),
        LAST_7_DAYS("7d", "last 7 days", "hour", Duration.ofDays(7)),
        LAST_30_DAYS("30d", "last 30 days", "day", Duration.ofDays(30));

        public final String id;
        public final String label;
        public final String granularity;
        final Duration span;

        Range(String id, String label, String granularity, Duration span) {
            this.id = id;
            this.label = label;
            this.granularity = granularity;
            this.span = span;
        }

        static Range of(String id) {
            for (Range r : values()) {
                if (r.id.equals(id)) {
                    return r;
                }
            }
            return LAST_24_HOURS;
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance analytics(ConsoleUser user, List<ApiView> apis, UUID apiId, Range range,
                                                 List<Range> ranges, UsageSeries series, TopApplicationsView top,
                                                 String chartJson, String chartLibrary);
    }

    private final AnalyticsService analytics;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final Clock clock;

    public AnalyticsPages(AnalyticsService analytics, SecurityIdentity identity, ObjectMapper json, Clock clock) {
        this.analytics = analytics;
        this.identity = identity;
        this.json = json;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance analytics(@QueryParam("apiId") String apiId, @QueryParam("range") String range) {
        UUID api = AnalyticsResource.uuid("apiId", apiId);
        Range r = Range.of(range);
        List<ApiView> choices = analytics.apisInScope();
        if (api == null && !analytics.readsEveryApi()) {
            if (choices.isEmpty()) {
                return Templates.analytics(ConsoleUser.of(identity), choices, null, r, List.of(Range.values()), null, null,
                        null, ChartData.LIBRARY);
            }
            api = choices.get(0).id();
        }
        ChronoUnit unit = r.granularity.equals("day") ? ChronoUnit.DAYS : ChronoUnit.HOURS;
        Instant to = clock.instant().truncatedTo(unit).plus(1, unit);
        Instant from = to.minus(r.span);
        UsageSeries series = analytics.timeseries(api, null, null, r.granularity, from.toString(), to.toString());
        TopApplicationsView top = analytics.topApplications(api, null, from.toString(), to.toString(), 10);
        return Templates.analytics(ConsoleUser.of(identity), choices, api, r, List.of(Range.values()), series, top,
                ChartData.json(json, chartData(series)), ChartData.LIBRARY);
    }

    private static Map<String, Object> chartData(UsageSeries series) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("granularity", series.granularity());
        data.put("labels", series.points().stream().map(p -> label(series.granularity(), p.bucketStart())).toList());
        data.put("requests", series.points().stream().map(UsagePoint::requests).toList());
        data.put("errors4xx", series.points().stream().map(UsagePoint::errors4xx).toList());
        data.put("errors5xx", series.points().stream().map(UsagePoint::errors5xx).toList());
        data.put("errorRate", series.points().stream().map(UsagePoint::errorRatePercent).toList());
        data.put("avgLatencyMs", series.points().stream().map(UsagePoint::avgLatencyMs).toList());
        data.put("p50LatencyMs", series.points().stream().map(UsagePoint::p50LatencyMs).toList());
        data.put("p95LatencyMs", series.points().stream().map(UsagePoint::p95LatencyMs).toList());
        data.put("p99LatencyMs", series.points().stream().map(UsagePoint::p99LatencyMs).toList());
        return data;
    }

    static String label(String granularity, Instant t) {
        String s = t.toString();
        return granularity.equals("day") ? s.substring(0, 10) : s.substring(0, 13).replace('T', ' ') + ":00";
    }
}
