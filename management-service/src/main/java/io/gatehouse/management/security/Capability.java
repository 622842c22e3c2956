package io.gatehouse.management.security;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.Set;

/**
 * The role matrix as named capabilities, for what cannot carry an annotation: the console uses it
 * to hide what a person may not do. The server-side rule is still the {@code @RolesAllowed} of
 * each endpoint (and {@link AdminAccess} for API ownership); both follow the README's matrix.
 */
public enum Capability {
    /** Read APIs and plans. */
    READ_CATALOG(Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR),
    /** Create APIs (and import them); change owned APIs and their plans (all, for platform admins). */
    WRITE_CATALOG(Roles.PLATFORM_ADMIN, Roles.API_OWNER),
    /** Read organizations, applications and subscriptions. */
    READ_PARTNERS(Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR),
    /** Create and change organizations, applications and subscriptions; issue keys. */
    MANAGE_PARTNERS(Roles.PLATFORM_ADMIN),
    /** Find and read keys. */
    READ_KEYS(Roles.PLATFORM_ADMIN, Roles.AUDITOR),
    REVOKE_KEYS(Roles.PLATFORM_ADMIN),
    READ_AUDIT(Roles.PLATFORM_ADMIN, Roles.AUDITOR),
    READ_FLEET(Roles.PLATFORM_ADMIN, Roles.AUDITOR),
    /**
     * Usage analytics (served by billing-metering): of every API, or for API owners of the APIs they own
     * only ({@link #READ_ANALYTICS_OF_EVERY_API} tells which).
     */
    READ_ANALYTICS(Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR),
    /** Analytics of any API, and over all APIs at once; without it, only of owned APIs, one at a time. */
    READ_ANALYTICS_OF_EVERY_API(Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR),
    /** Invoices and usage/invoice reports (served by billing-metering); never a write. */
    READ_BILLING(Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR);

    private final Set<String> roles;

    Capability(String... roles) {
        this.roles = Set.of(roles);
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean grantedTo(Set<String> held) {
        return held.stream().anyMatch(roles::contains);
    }

    public boolean grantedTo(SecurityIdentity who) {
        return who != null && !who.isAnonymous() && grantedTo(who.getRoles());
    }
}
