package io.gatehouse.billing.planfeed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;

/**
 * Reads the price models from management over HTTP with the billing token
 * ({@code gatehouse.billing-token}, {@code GATEHOUSE_BILLING_TOKEN}) and keeps the last good copy.
 *
 * <p>A period close always asks for a {@link #fetch() fresh copy}: prices at close are management's
 * prices at close, and when management cannot answer the close waits rather than invent or reuse
 * prices. The {@link #lastGood() last good copy} serves what may be approximate (which organizations
 * have periods to close).
 */
@ApplicationScoped
public class PlanFeed {

    private static final Logger LOG = Logger.getLogger(PlanFeed.class);

    private final ManagementBillingApi management;
    private final Optional<String> token;
    private final Clock clock;
    private volatile PlanCatalog lastGood;

    public PlanFeed(@RestClient ManagementBillingApi management,
                    @ConfigProperty(name = "gatehouse.billing-token") Optional<String> token, Clock clock) {
        this.management = management;
        this.token = token.map(String::strip).filter(t -> !t.isEmpty());
        this.token.ifPresent(t -> {
            if (t.length() < 16) {
                throw new IllegalArgumentException("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) must have at least 16 characters");
            }
        });
        if (this.token.isEmpty()) {
            LOG.warn("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) is not set: periods cannot close until it is");
        }
        this.clock = clock;
    }

    /**
     * The current plans and subscriptions, from management now.
     *
     * @throws ManagementUnavailableException when management cannot be asked or its answer cannot be used
     */
    public PlanCatalog fetch() {
        if (token.isEmpty()) {
            throw new ManagementUnavailableException("gatehouse.billing-token (GATEHOUSE_BILLING_TOKEN) is not set", null);
        }
        FeedDocument doc;
        try {
            doc = management.plans("Bearer " + token.get());
        } catch (WebApplicationException e) {
            throw new ManagementUnavailableException("management answered " + e.getResponse().getStatus()
                    + " to GET /internal/v1/billing/plans", e);
        } catch (ProcessingException | IllegalStateException e) {
            throw new ManagementUnavailableException("management is unreachable: " + rootMessage(e), e);
        }
        try {
            PlanCatalog catalog = PlanCatalog.of(doc, clock.instant());
            lastGood = catalog;
            return catalog;
        } catch (IllegalArgumentException e) {
            throw new ManagementUnavailableException("management's billing feed cannot be used: " + e.getMessage(), e);
        }
    }

    /** The last catalog {@link #fetch()} returned, if any. */
    public Optional<PlanCatalog> lastGood() {
        return Optional.ofNullable(lastGood);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
