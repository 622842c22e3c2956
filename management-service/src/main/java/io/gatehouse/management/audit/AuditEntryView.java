package io.gatehouse.management.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.UUID;

public record AuditEntryView(UUID id, Instant occurredAt, String actorType, String actorId, String action,
                             String entityType, UUID entityId, JsonNode before, JsonNode after) {

    static AuditEntryView of(AuditEntry e, ObjectMapper json) {
        return new AuditEntryView(e.id, e.occurredAt, e.actorType, e.actorId, e.action, e.entityType, e.entityId,
                read(json, e.beforeState), read(json, e.afterState));
    }

    private static JsonNode read(ObjectMapper json, String s) {
        try {
            return s == null ? null : json.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException("stored audit state is not JSON", e);
        }
    }
}
