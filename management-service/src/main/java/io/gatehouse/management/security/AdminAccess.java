package io.gatehouse.management.security;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Objects;

/**
 * The rules that a role annotation cannot express: which APIs an {@link Roles#API_OWNER} may
 * change (and read analytics of). Services call it, so the admin API and the console enforce the same rule.
 */
@ApplicationScoped
public class AdminAccess {

    private final Instance<SecurityIdentity> identity;

    public AdminAccess(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    /**
     * The caller's stable id: the token's {@code sub} for OIDC callers (bearer or console login),
     * the principal name otherwise (e.g. {@code bootstrap-admin}); null without a caller.
     */
    public String subject() {
        SecurityIdentity who = current();
        return who == null ? null : subjectOf(who);
    }

    public static String subjectOf(SecurityIdentity who) {
        if (who.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return who.getPrincipal().getName();
    }

    public boolean isPlatformAdmin() {
        SecurityIdentity who = current();
        return who != null && who.hasRole(Roles.PLATFORM_ADMIN);
    }

    /** Whether the caller holds one of the capability's roles (false without a caller). */
    public boolean has(Capability capability) {
        return capability.grantedTo(current());
    }

    /** Platform admins change every API; API owners only those whose owner is their subject. */
    public boolean mayManageApi(String ownerSubject) {
        SecurityIdentity who = current();
        if (who == null) {
            return false;
        }
        if (who.hasRole(Roles.PLATFORM_ADMIN)) {
            return true;
        }
        return who.hasRole(Roles.API_OWNER) && ownerSubject != null && Objects.equals(ownerSubject, subjectOf(who));
    }

    /** Refuses with 403 unless {@link #mayManageApi} allows it. */
    public void requireMayManageApi(String ownerSubject, String what) {
        if (!mayManageApi(ownerSubject)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Only the owner of " + what + " or a platform admin may change it.");
        }
    }

    private SecurityIdentity current() {
        if (!identity.isResolvable()) {
            return null;
        }
        SecurityIdentity who = identity.get();
        return who == null || who.isAnonymous() ? null : who;
    }
}
