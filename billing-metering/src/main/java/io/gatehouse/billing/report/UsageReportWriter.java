package io.gatehouse.billing.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Writes a usage report while reading it, as CSV or JSON, each ending with the totals and the
 * checksum ({@link ChecksummedCsv}: SHA-256 of the CSV form up to its {@code #sha256} record; the
 * JSON form carries the same value).
 *
 * <p>CSV: the header, one row per organization, application, API and plan, then
 * {@code #totals,,,,<requests>,<billable>,<2xx>,<3xx>,<4xx>,<5xx>,<request bytes>,<response bytes>}
 * and {@code #sha256,<hex>}. JSON: {@code {period, timeZone, from, to, rows, totals, checksum}}.
 */
@ApplicationScoped
public class UsageReportWriter {

    private final UsageReportService reports;
    private final ObjectMapper json;

    public UsageReportWriter(UsageReportService reports, ObjectMapper json) {
        this.reports = reports;
        this.json = json;
    }

    /** Writes the CSV report to {@code out}; returns its checksum. */
    public String csv(UsagePeriod period, UUID organizationId, OutputStream out) {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        ChecksummedCsv csv = new ChecksummedCsv(w, UsageReportRow.CSV_HEADER);
        Sums sums = new Sums();
        reports.stream(period, organizationId, row -> {
            csv.record(row.csvValues());
            sums.add(row);
        });
        return csv.finish(List.<Object[]>of(sums.trailer()));
    }

    /** Writes the JSON report to {@code out}; returns its checksum (the same as the CSV's). */
    public String json(UsagePeriod period, UUID organizationId, OutputStream out) {
        ChecksummedCsv csv = new ChecksummedCsv(null, UsageReportRow.CSV_HEADER);
        Sums sums = new Sums();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("period", period.month().toString());
            g.writeStringField("timeZone", period.zone().getId());
            g.writeStringField("from", period.start().toString());
            g.writeStringField("to", period.end().toString());
            g.writeArrayFieldStart("rows");
            reports.stream(period, organizationId, row -> {
                try {
                    json.writeValue(g, row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                csv.record(row.csvValues());
                sums.add(row);
            });
            g.writeEndArray();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("requests", sums.requests);
            g.writeNumberField("billableRequests", sums.billable);
            g.writeNumberField("requestBytes", sums.requestBytes);
            g.writeNumberField("responseBytes", sums.responseBytes);
            g.writeEndObject();
            String checksum = csv.finish(List.<Object[]>of(sums.trailer()));
            g.writeStringField("checksum", "sha256:" + checksum);
            g.writeEndObject();
            return checksum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Sums {
        long requests, billable, r2, r3, r4, r5, requestBytes, responseBytes;

        void add(UsageReportRow r) {
            requests += r.requests();
            billable += r.billableRequests();
            r2 += r.requests2xx();
            r3 += r.requests3xx();
            r4 += r.requests4xx();
            r5 += r.requests5xx();
            requestBytes += r.requestBytes();
            responseBytes += r.responseBytes();
        }

        Object[] trailer() {
            return new Object[]{"#totals", "", "", "", requests, billable, r2, r3, r4, r5, requestBytes, responseBytes};
        }
    }
}
