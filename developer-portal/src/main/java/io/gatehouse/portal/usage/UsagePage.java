package io.gatehouse.portal.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.portal.billing.Estimates;
import io.gatehouse.portal.billing.ManagementBilling;
import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An application's usage: requests per hour (last 48 hours) and per day (last 30 days), errors, and the quota
 * used and left of each active subscription. The figures are tables (the page works without JavaScript); a
 * static script draws them as charts with the chart library the portal serves from its webjar, reading the data
 * from a {@code <script type="application/json">} block (the CSP allows no inline script).
 * {@code /applications/{id}/usage.csv?granularity=hour|day} downloads the same series as CSV.
 */
@Path("/")
public class UsagePage {

    /** The chart library, served from the {@code org.webjars.npm:chart.js} webjar (version in the root pom). */
    static final String CHART_LIBRARY = "/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    static final Duration HOURLY_SPAN = Duration.ofHours(48);
    static final Duration DAILY_SPAN = Duration.ofDays(30);
    static final String[] CSV_HEADER = {"bucket_start", "requests", "billable_requests", "errors_4xx", "errors_5xx",
            "avg_latency_ms"};

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance usage(UUID id, ManagementUsage.Usage hourly, ManagementUsage.Usage daily,
                                             String chartJson, String chartLibrary, ManagementBilling.Estimate estimate);

        static native TemplateInstance unavailable(UUID id);
    }

    private final ManagementUsage management;
    private final ManagementBilling billing;
    private final PortalSession session;
    private final ObjectMapper json;
    private final Clock clock;

    public UsagePage(@RestClient ManagementUsage management, @RestClient ManagementBilling billing, PortalSession session,
                     ObjectMapper json) {
        this.management = management;
        this.billing = billing;
        this.session = session;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    @GET
    @Path("/applications/{id}/usage")
    @Produces(MediaType.TEXT_HTML)
    public Response usage(@PathParam("id") UUID id) {
        String bearer = session.bearer();
        ManagementUsage.Usage hourly;
        ManagementUsage.Usage daily;
        try {
            hourly = series(bearer, id, "hour");
            daily = series(bearer, id, "day");
        } catch (ManagementProblem p) {
            if ("billing-unavailable".equals(p.type())) {
                return Response.status(503).header("Retry-After", "60").entity(Templates.unavailable(id)).build();
            }
            throw p;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hourly", chart(hourly, "hour"));
        data.put("daily", chart(daily, "day"));
        return Response.ok(Templates.usage(id, hourly, daily, safeJson(data), CHART_LIBRARY,
                Estimates.orNull(billing, bearer))).build();
    }

    @GET
    @Path("/applications/{id}/usage.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") UUID id, @QueryParam("granularity") String granularity) {
        String g = "day".equals(granularity) ? "day" : "hour";
        ManagementUsage.Usage usage = series(session.bearer(), id, g);
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
                for (ManagementUsage.Point p : usage.points()) {
                    csv.printRecord(p.bucketStart(), p.requests(), p.billableRequests(), p.errors4xx(), p.errors5xx(),
                            p.avgLatencyMs() == null ? "" : p.avgLatencyMs());
                }
            }
        };
        String file = "usage-" + id + "-" + (g.equals("day") ? "daily" : "hourly") + ".csv";
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store").build();
    }

    private ManagementUsage.Usage series(String bearer, UUID id, String granularity) {
        ChronoUnit unit = granularity.equals("day") ? ChronoUnit.DAYS : ChronoUnit.HOURS;
        Instant to = clock.instant().truncatedTo(unit).plus(1, unit);
        Instant from = to.minus(granularity.equals("day") ? DAILY_SPAN : HOURLY_SPAN);
        return management.usage(bearer, id, granularity, from.toString(), to.toString());
    }

    private static Map<String, Object> chart(ManagementUsage.Usage usage, String granularity) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("labels", usage.points().stream().map(p -> label(granularity, p.bucketStart())).toList());
        c.put("requests", usage.points().stream().map(ManagementUsage.Point::requests).toList());
        c.put("errors4xx", usage.points().stream().map(ManagementUsage.Point::errors4xx).toList());
        c.put("errors5xx", usage.points().stream().map(ManagementUsage.Point::errors5xx).toList());
        return c;
    }

    static String label(String granularity, Instant t) {
        String s = t.toString();
        return granularity.equals("day") ? s.substring(0, 10) : s.substring(5, 13).replace('T', ' ') + ":00";
    }

    /** JSON that cannot end its {@code <script>} element: markup characters become JSON unicode escapes. */
    private String safeJson(Object data) {
        try {
            return json.writeValueAsString(data)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
