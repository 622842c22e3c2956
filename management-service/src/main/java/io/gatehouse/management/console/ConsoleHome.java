package io.gatehouse.management.console;

import io.gatehouse.management.analytics.AnalyticsService;
import io.gatehouse.management.audit.AuditEntryView;
import io.gatehouse.management.audit.AuditSearch;
import io.gatehouse.management.billingreports.UsageSeries;
import io.gatehouse.management.gatewayconfig.GatewayFleet;
import io.gatehouse.management.organizations.OrganizationService;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
import io.gatehouse.management.subscriptions.SubscriptionService;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The console's start page: today's traffic and error rate (from billing, as on the analytics page), what waits
 * for approval, the gateway fleet against the current config version, and the newest audit entries. Each part is
 * shown only to roles that may read it, and a part whose source is away says so instead of failing the page.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleHome {

    private static final Logger LOG = Logger.getLogger(ConsoleHome.class);

    /** Audit entries on the home page. */
    static final int RECENT_AUDIT = 8;

    /**
     * Today's traffic (UTC day so far, every API).
     *
     * @param unavailable why the figures are missing (billing away); null when they are there
     */
    public record Traffic(long requests, long errors4xx, long errors5xx, String unavailable) {

        /** Share of answers that were errors (4xx and 5xx), as "1.2 %", or a dash without traffic. */
        public String errorRate() {
            return requests == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", 100.0 * (errors4xx + errors5xx) / requests);
        }

        public String serverErrorRate() {
            return requests == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", 100.0 * errors5xx / requests);
        }
    }

    /** What waits for a platform admin. */
    public record Pending(long subscriptions, long organizations) {
    }

    /**
     * The fleet in short.
     *
     * @param behind      live nodes that have not applied the current version
     * @param unavailable why the fleet cannot be read (Redis away); null when it can
     */
    public record Fleet(long configVersion, List<GatewayFleet.NodeView> nodes, long behind, int departed,
                        String unavailable) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance home(ConsoleUser user, Traffic traffic, Pending pending, Fleet fleet,
                                            List<AuditEntryView> audit);
    }

    private final SecurityIdentity identity;
    private final AnalyticsService analytics;
    private final SubscriptionService subscriptions;
    private final OrganizationService organizations;
    private final GatewayFleet gateways;
    private final AuditSearch audit;
    private final Clock clock;

    public ConsoleHome(SecurityIdentity identity, AnalyticsService analytics, SubscriptionService subscriptions,
                       OrganizationService organizations, GatewayFleet gateways, AuditSearch audit, Clock clock) {
        this.identity = identity;
        this.analytics = analytics;
        this.subscriptions = subscriptions;
        this.organizations = organizations;
        this.gateways = gateways;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance home() {
        ConsoleUser user = ConsoleUser.of(identity);
        Traffic traffic = user.canReadAnalyticsOfEveryApi() ? traffic() : null;
        Pending pending = user.canReadPartners() ? new Pending(
                subscriptions.list(null, SubscriptionStatus.PENDING, 0, 1).total(),
                organizations.search(null, OrganizationStatus.PENDING, 0, 1).total()) : null;
        Fleet fleet = user.canReadFleet() ? fleet() : null;
        List<AuditEntryView> recent = user.canReadAudit()
                ? audit.search(new AuditSearch.Criteria(null, null, null, null, null), 0, RECENT_AUDIT).items()
                : List.of();
        return Templates.home(user, traffic, pending, fleet, recent);
    }

    private Traffic traffic() {
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant from = clock.instant().truncatedTo(ChronoUnit.DAYS);
        try {
            UsageSeries today = analytics.timeseries(null, null, null, "hour", from.toString(), to.toString());
            return new Traffic(today.totalRequests(), today.totalErrors4xx(), today.totalErrors5xx(), null);
        } catch (ApiProblem p) {
            return new Traffic(0, 0, 0, p.getMessage());
        }
    }

    private Fleet fleet() {
        try {
            GatewayFleet.Fleet f = gateways.fleet();
            long behind = f.nodes().stream().filter(n -> !n.current()).count();
            return new Fleet(f.configVersion(), f.nodes(), behind, f.departed(), null);
        } catch (RuntimeException e) {
            LOG.warnf("the home page cannot read the gateway fleet: %s", e.getClass().getSimpleName());
            return new Fleet(0, List.of(), 0, 0, "The gateway fleet cannot be read now (Redis is not answering).");
        }
    }
}
