package io.gatehouse.management.audit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Audit entries as CSV (RFC 4180), one row per entry, before/after as compact JSON. */
public final class AuditCsv {

    public static final String MEDIA_TYPE = "text/csv";
    private static final String[] HEADER = {"occurred_at", "actor_type", "actor_id", "action", "entity_type",
            "entity_id", "before", "after", "id"};

    private AuditCsv() {
    }

    public static String write(List<AuditEntryView> entries) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            for (AuditEntryView e : entries) {
                csv.printRecord(e.occurredAt(), e.actorType(), e.actorId(), e.action(), e.entityType(), e.entityId(),
                        e.before() == null ? "" : e.before().toString(), e.after() == null ? "" : e.after().toString(),
                        e.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
