package io.gatehouse.management.developer.session;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.UUID;

/**
 * The partner behind a developer session: every developer API query is scoped to
 * {@link #organizationId()}.
 */
public record Partner(UUID userId, UUID organizationId, UUID sessionId, String email) {

    static final String ATTRIBUTE = "gatehouse.partner";
    /** The role every developer session carries, and only developer sessions. */
    public static final String ROLE = "partner";

    public static Partner of(SecurityIdentity identity) {
        Partner p = identity.getAttribute(ATTRIBUTE);
        if (p == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return p;
    }
}
