package io.gatehouse.management.organizations;

import java.time.Instant;
import java.util.UUID;

/**
 * A person in a partner organization, as admins see them: never a password hash or a session.
 *
 * @param role          {@code owner} or {@code developer} in this organization
 * @param status        the account: {@code active} or {@code disabled}
 * @param emailVerified whether the email address was confirmed
 * @param joinedAt      when the person joined the organization
 * @param lastLoginAt   when they last signed in to the portal; null if never (or before this was recorded)
 */
public record MemberView(UUID userId, String displayName, String email, String role, String status,
                         boolean emailVerified, Instant joinedAt, Instant lastLoginAt) {
}
