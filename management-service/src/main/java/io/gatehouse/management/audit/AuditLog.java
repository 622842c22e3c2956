package io.gatehouse.management.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.security.AdminAccess;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Clock;
import java.util.UUID;

/** Records who changed what, with the entity before and after, in the caller's transaction. */
@ApplicationScoped
public class AuditLog {

    private final ObjectMapper json;
    private final Instance<SecurityIdentity> identity;
    private final Clock clock;

    public AuditLog(ObjectMapper json, Instance<SecurityIdentity> identity, Clock clock) {
        this.json = json;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * @param action     what happened, as {@code <entity>.<verb>} (e.g. {@code key.revoked})
     * @param before     the entity's view before the change, or null when created
     * @param after      the entity's view after the change, or null when deleted
     */
    public void record(String action, String entityType, UUID entityId, Object before, Object after) {
        entry(action, entityType, entityId, before, after).persist();
    }

    /**
     * The entry {@link #record} would persist, for a caller that writes it itself in a statement of its own (a key's
     * revocation writes it in the statement that revokes the key, so the decision reaches the commit in one round
     * trip).
     */
    public AuditEntry entry(String action, String entityType, UUID entityId, Object before, Object after) {
        SecurityIdentity who = identity.isResolvable() ? identity.get() : null;
        // Developer sessions carry the role "partner" (io.gatehouse.management.developer.session.Partner.ROLE).
        String actorType = who == null || who.isAnonymous() ? "system" : who.hasRole("partner") ? "partner" : "admin";
        // For admins the token subject, not a display name: it is stable and the same one API ownership is checked against.
        String actorId = who == null || who.isAnonymous() ? "system"
                : "partner".equals(actorType) ? who.getPrincipal().getName() : AdminAccess.subjectOf(who);
        return entryAs(actorType, actorId, action, entityType, entityId, before, after);
    }

    /**
     * Like {@link #record}, for an actor who is not the request's identity, e.g. a partner signing
     * up (no session yet) or following a mailed link.
     *
     * @param actorType {@code admin}, {@code partner} or {@code system}
     */
    public void recordAs(String actorType, String actorId, String action, String entityType, UUID entityId,
                         Object before, Object after) {
        entryAs(actorType, actorId, action, entityType, entityId, before, after).persist();
    }

    private AuditEntry entryAs(String actorType, String actorId, String action, String entityType, UUID entityId,
                               Object before, Object after) {
        AuditEntry e = new AuditEntry();
        e.id = UUID.randomUUID();
        e.occurredAt = clock.instant();
        e.actorType = actorType;
        e.actorId = actorId;
        e.action = action;
        e.entityType = entityType;
        e.entityId = entityId;
        e.beforeState = toJson(before);
        e.afterState = toJson(after);
        return e;
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit state not serializable: " + value.getClass(), ex);
        }
    }
}
