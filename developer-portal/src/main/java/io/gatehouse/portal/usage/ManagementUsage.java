package io.gatehouse.portal.usage;

import io.gatehouse.portal.plans.Grants;
import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Management's usage route for the signed-in partner ({@code GET /developer/v1/applications/{id}/usage}): billing's
 * series of the application and its quota picture. Another organization's application answers 404; billing down
 * answers 503 {@code billing-unavailable}.
 */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1/applications/{id}/usage")
@Produces(MediaType.APPLICATION_JSON)
public interface ManagementUsage {

    @GET
    Usage usage(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id,
                @QueryParam("granularity") String granularity, @QueryParam("from") String from,
                @QueryParam("to") String to);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }

    record Usage(UUID applicationId, String applicationName, String granularity, Instant from, Instant to,
                 List<Point> points, List<SubscriptionQuota> subscriptions) {

        /** Whether any point has a call: the tables leave out points without, so none leaves them empty. */
        public boolean hasCalls() {
            return points != null && points.stream().anyMatch(p -> p.requests() > 0);
        }
    }

    record Point(Instant bucketStart, long requests, long billableRequests, long errors4xx, long errors5xx,
                 Double avgLatencyMs) {
        public long errors() {
            return errors4xx + errors5xx;
        }
    }

    /**
     * @param apiId     the first API its product grants; with {@code apiName} the whole grant only when {@code singleApi}
     * @param singleApi false when the plan's product bundles several APIs: the page names {@code productName} then
     */
    record SubscriptionQuota(UUID subscriptionId, UUID planId, String planName, UUID apiId, String apiName,
                             String countedPer, String timeZone, List<QuotaWindow> quotas,
                             UUID productId, String productName, Boolean singleApi) {

        /** "Payments", or "the product Travel bundle" for a product of several APIs. */
        public String grants() {
            return Boolean.FALSE.equals(singleApi) ? Grants.of(null, null, productName) : Grants.of(apiName, null, productName);
        }

        /** The product's page of a product of several APIs, or null when the subscription grants one API. */
        public String productPath() {
            return Boolean.FALSE.equals(singleApi) && productId != null ? "/products/" + productId : null;
        }
    }

    record QuotaWindow(String timeUnit, long limit, long used, long remaining, Instant windowStart, Instant resetsAt,
                       Instant countedAt, int usedPercent) {
    }
}
