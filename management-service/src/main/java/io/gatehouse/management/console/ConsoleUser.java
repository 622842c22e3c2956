package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.security.AdminAccess;
import io.gatehouse.management.security.Capability;
import io.gatehouse.management.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signed-in person as the pages see it: who, and what to show them. Hiding is a courtesy;
 * the endpoints refuse on their own.
 */
public record ConsoleUser(String subject, String displayName, Set<String> roles) {

    static ConsoleUser of(SecurityIdentity who) {
        String name = who.getPrincipal().getName();
        if (who.getPrincipal() instanceof JsonWebToken jwt) {
            String preferred = jwt.getClaim("preferred_username");
            name = preferred != null ? preferred : name;
        }
        Set<String> roles = new TreeSet<>(who.getRoles());
        roles.retainAll(Set.of(Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR));
        return new ConsoleUser(AdminAccess.subjectOf(who), name, roles);
    }

    public String roleList() {
        return roles.isEmpty() ? "no admin role" : String.join(", ", roles);
    }

    public boolean canCreateApis() {
        return Capability.WRITE_CATALOG.grantedTo(roles);
    }

    /** Whether this person may change the API and its plans: platform admins all, API owners their own. */
    public boolean canManage(ApiView api) {
        return roles.contains(Roles.PLATFORM_ADMIN)
                || roles.contains(Roles.API_OWNER) && Objects.equals(api.ownerSubject(), subject);
    }

    public boolean canReadPartners() {
        return Capability.READ_PARTNERS.grantedTo(roles);
    }

    public boolean canManagePartners() {
        return Capability.MANAGE_PARTNERS.grantedTo(roles);
    }

    public boolean canReadKeys() {
        return Capability.READ_KEYS.grantedTo(roles);
    }

    public boolean canRevokeKeys() {
        return Capability.REVOKE_KEYS.grantedTo(roles);
    }

    public boolean canReadAudit() {
        return Capability.READ_AUDIT.grantedTo(roles);
    }

    public boolean canReadFleet() {
        return Capability.READ_FLEET.grantedTo(roles);
    }

    public boolean canReadAnalytics() {
        return Capability.READ_ANALYTICS.grantedTo(roles);
    }

    /** Whether the analytics page may show every API and all of them at once (else: the person's own APIs). */
    public boolean canReadAnalyticsOfEveryApi() {
        return Capability.READ_ANALYTICS_OF_EVERY_API.grantedTo(roles);
    }

    public boolean canReadBilling() {
        return Capability.READ_BILLING.grantedTo(roles);
    }

    /** Whether this person may change the developer portal's branding. */
    public boolean canBrandPortal() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }
}
