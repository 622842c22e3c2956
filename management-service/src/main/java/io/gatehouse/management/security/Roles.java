package io.gatehouse.management.security;

/**
 * The admin roles, as carried in OIDC tokens (Keycloak realm roles, or a {@code groups} claim).
 * What each may do is the role matrix in the management-service README; every admin endpoint
 * names its roles with {@code @RolesAllowed}, and an endpoint without one is refused
 * ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}).
 */
public final class Roles {

    /** Everything. The bootstrap admin token holds this role. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /**
     * Creates APIs and manages the APIs they own ({@code apis.owner_subject}) and those APIs' plans; reads those APIs'
     * analytics, and the catalog.
     */
    public static final String API_OWNER = "api-owner";
    /** Reads the catalog, partners, applications and subscriptions (and billing and analytics); never writes. */
    public static final String BILLING_VIEWER = "billing-viewer";
    /** Reads everything, the audit log included; never writes. */
    public static final String AUDITOR = "auditor";
    /** Held by gateways (the gateway token), for the config snapshot endpoints only. */
    public static final String GATEWAY = "gateway";
    /** billing-metering, reading the plans feed with the billing token. */
    public static final String BILLING_SERVICE = "billing-service";

    private Roles() {
    }
}
