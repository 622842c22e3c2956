package io.gatehouse.management.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.problem.ApiProblem;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Searches the audit log, newest first; the admin API, its CSV export and the console use it. */
@ApplicationScoped
public class AuditSearch {

    /** At most this many entries go into one CSV export. */
    public static final int MAX_EXPORT = 10_000;

    /**
     * What to look for; each criterion is optional.
     *
     * @param from inclusive
     * @param to   exclusive
     */
    public record Criteria(String entityType, UUID entityId, String actorId, Instant from, Instant to) {

        /**
         * Criteria from query parameters. {@code from} and {@code to} take an instant
         * ({@code 2026-11-25T10:00:00Z}) or a day ({@code 2026-11-25}, UTC); a day in {@code to}
         * includes that whole day.
         */
        public static Criteria parse(String entityType, String entityId, String actorId, String from, String to) {
            return new Criteria(blankToNull(entityType), uuid("entityId", entityId), blankToNull(actorId),
                    instant("from", from, false), instant("to", to, true));
        }
    }

    private final ObjectMapper json;

    public AuditSearch(ObjectMapper json) {
        this.json = json;
    }

    @Transactional
    public Page<AuditEntryView> search(Criteria c, int offset, int limit) {
        var query = query(c);
        return new Page<>(query.range(offset, offset + limit - 1).list().stream()
                .map(e -> AuditEntryView.of(e, json)).toList(), query.count(), offset, limit);
    }

    /** The newest {@link #MAX_EXPORT} entries that match. */
    @Transactional
    public List<AuditEntryView> export(Criteria c) {
        return query(c).range(0, MAX_EXPORT - 1).list().stream().map(e -> AuditEntryView.of(e, json)).toList();
    }

    private static io.quarkus.hibernate.orm.panache.PanacheQuery<AuditEntry> query(Criteria c) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (c.entityType() != null) {
            q.append(" and entityType = :type");
            p.and("type", c.entityType());
        }
        if (c.entityId() != null) {
            q.append(" and entityId = :id");
            p.and("id", c.entityId());
        }
        if (c.actorId() != null) {
            q.append(" and actorId = :actor");
            p.and("actor", c.actorId());
        }
        if (c.from() != null) {
            q.append(" and occurredAt >= :from");
            p.and("from", c.from());
        }
        if (c.to() != null) {
            q.append(" and occurredAt < :to");
            p.and("to", c.to());
        }
        return AuditEntry.find(q.toString(), Sort.descending("occurredAt").and("id"), p);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static UUID uuid(String field, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, "is not an id (UUID)");
        }
    }

    private static Instant instant(String field, String value, boolean endOfDay) {
        if (blankToNull(value) == null) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                if (day.getYear() < 1 || day.getYear() > 9998) {
                    throw ApiProblem.invalidField(field, io.gatehouse.management.problem.ClientInput.INSTANT_RANGE);
                }
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            Instant instant = Instant.parse(v);
            if (!io.gatehouse.management.problem.ClientInput.storable(instant)) {
                throw ApiProblem.invalidField(field, io.gatehouse.management.problem.ClientInput.INSTANT_RANGE);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, "is neither a day like 2026-11-25 nor an instant like 2026-11-25T10:00:00Z");
        }
    }
}
