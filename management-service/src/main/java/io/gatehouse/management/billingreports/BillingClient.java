package io.gatehouse.management.billingreports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Reads billing-metering's usage and invoice API with the billing service token (billing takes it as a read-only
 * billing viewer). Each call blocks its thread for at most the configured timeouts, so it is called from worker
 * threads only (blocking JAX-RS methods, the default for non-reactive return types); on an event-loop thread it
 * refuses to run rather than stall the loop.
 *
 * <p>Failures are problems the caller can show: billing unreachable, too slow, refusing the token or failing is
 * {@code 503 billing-unavailable} (never a 500); billing's 400 is passed on as {@code validation-failed} with its
 * field errors, its 404 as {@code not-found}.
 */
@ApplicationScoped
public class BillingClient {

    private static final Logger LOG = Logger.getLogger(BillingClient.class);

    private final BillingSettings settings;
    private final ObjectMapper json;
    private final HttpClient http;
    private final String base;

    @Inject
    public BillingClient(@ConfigProperty(name = "gatehouse.billing-url", defaultValue = "http://127.0.0.1:8083") String url,
                         @ConfigProperty(name = "gatehouse.billing-token") Optional<String> token,
                         @ConfigProperty(name = "gatehouse.billing-client.connect-timeout", defaultValue = "2s") Duration connectTimeout,
                         @ConfigProperty(name = "gatehouse.billing-client.read-timeout", defaultValue = "15s") Duration readTimeout,
                         ObjectMapper json) {
        this(new BillingSettings(url, token, connectTimeout, readTimeout), json);
    }

    public BillingClient(BillingSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.base = settings.url();
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The usage time series; any filter may be null (billing validates and defaults the rest). */
    public UsageSeries timeseries(UUID organizationId, UUID applicationId, UUID apiId, String granularity, String from,
                                  String to, boolean percentiles) {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "organizationId", organizationId);
        put(q, "applicationId", applicationId);
        put(q, "apiId", apiId);
        put(q, "granularity", granularity);
        put(q, "from", from);
        put(q, "to", to);
        if (percentiles) {
            q.put("percentiles", "true");
        }
        return get("/billing/v1/usage/timeseries", q, UsageSeries.class);
    }

    /** What the ledger holds for an application and plan in {@code [from, to)}. */
    public UsageTotals totals(UUID applicationId, UUID planId, java.time.Instant from, java.time.Instant to) {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "applicationId", applicationId);
        put(q, "planId", planId);
        put(q, "from", from);
        put(q, "to", to);
        return get("/billing/v1/usage/totals", q, UsageTotals.class);
    }

    public TopApplications topApplications(UUID organizationId, UUID apiId, String from, String to, Integer limit) {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "organizationId", organizationId);
        put(q, "apiId", apiId);
        put(q, "from", from);
        put(q, "to", to);
        put(q, "limit", limit);
        return get("/billing/v1/usage/top-applications", q, TopApplications.class);
    }

    public List<Invoice> invoices(String period, UUID organizationId) {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "period", period);
        put(q, "organization", organizationId);
        Invoice.Listing listing = get("/billing/v1/invoices", q, Invoice.Listing.class);
        return listing.items() == null ? List.of() : listing.items();
    }

    /** What closing the organization's open {@code period} (null: the current month) would bill now. */
    public ChargeEstimate estimate(UUID organizationId, String period) {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "organization", organizationId);
        put(q, "period", period);
        return get("/billing/v1/estimates", q, ChargeEstimate.class);
    }

    /** Billing's metering gaps, {@code state} {@code open} (the default) or {@code all}. */
    public MeteringGaps meteringGaps(String state) {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "state", state);
        return get("/billing/v1/metering-gaps", q, MeteringGaps.class);
    }

    public Invoice invoice(UUID id) {
        return get("/billing/v1/invoices/" + id, Map.of(), Invoice.class);
    }

    /**
     * Opens one of billing's reports ({@code usage} or {@code invoices}) as a stream.
     *
     * @param query passed on as is (billing validates {@code period}, {@code organization}, {@code format}, {@code timeZone})
     */
    public BillingDownload report(String report, Map<String, String> query) {
        if (!report.equals("usage") && !report.equals("invoices")) {
            throw new IllegalArgumentException(report);
        }
        HttpResponse<InputStream> r = send("/billing/v1/reports/" + report, query, "text/csv, application/json");
        if (r.statusCode() / 100 != 2) {
            throw problemFrom(r.statusCode(), readQuietly(r.body()));
        }
        return new BillingDownload(r.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                r.headers().firstValue("Content-Disposition").orElse(null), r.body());
    }

    private <T> T get(String path, Map<String, String> query, Class<T> type) {
        HttpResponse<InputStream> r = send(path, query, "application/json");
        byte[] body = readQuietly(r.body());
        if (r.statusCode() / 100 != 2) {
            throw problemFrom(r.statusCode(), body);
        }
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            LOG.warnf("billing-metering answered %s with a body management cannot read: %s", path, e.getMessage());
            throw unavailable("billing-metering answered with something management cannot read");
        }
    }

    private HttpResponse<InputStream> send(String path, Map<String, String> query, String accept) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("BillingClient blocks: call it from a worker thread, not an event loop");
        }
        String token = settings.token().orElse(null);
        if (token == null) {
            throw unavailable("management has no billing service token (gatehouse.billing-token, GATEHOUSE_BILLING_TOKEN)");
        }
        URI uri = URI.create(base + path + queryString(query));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.readTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", accept)
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.debugf("billing-metering at %s cannot be reached: %s", base, e.toString());
            throw unavailable("billing-metering at " + base + " cannot be reached or did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for billing-metering");
        }
    }

    private ApiProblem problemFrom(int status, byte[] body) {
        JsonNode problem = null;
        try {
            problem = body.length == 0 ? null : json.readTree(body);
        } catch (IOException notJson) {
            // described by the status alone
        }
        String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : null;
        if (status == 400) {
            List<Problem.FieldError> errors = new ArrayList<>();
            if (problem != null && problem.has("errors")) {
                problem.get("errors").forEach(e -> errors.add(new Problem.FieldError(e.path("field").asText(),
                        e.path("message").asText())));
            }
            return new ApiProblem(ProblemType.VALIDATION_FAILED, detail == null ? "billing refused the parameters" : detail,
                    errors.isEmpty() ? null : errors);
        }
        if (status == 404) {
            return new ApiProblem(ProblemType.NOT_FOUND, detail == null ? "not found in billing" : detail);
        }
        if (status == 401 || status == 403) {
            LOG.warnf("billing-metering refused management's billing service token (%d): set the same GATEHOUSE_BILLING_TOKEN on both", status);
            return unavailable("billing-metering refused management's service token");
        }
        return unavailable("billing-metering answered " + status);
    }

    private static ApiProblem unavailable(String detail) {
        return new ApiProblem(ProblemType.BILLING_UNAVAILABLE, detail);
    }

    private static byte[] readQuietly(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw unavailable("billing-metering's answer broke off");
        }
    }

    private static void put(Map<String, String> q, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            q.put(name, value.toString());
        }
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> {
            if (v != null) {
                j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return j.toString();
    }
}
