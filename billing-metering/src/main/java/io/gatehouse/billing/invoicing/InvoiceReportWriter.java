package io.gatehouse.billing.invoicing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.billing.report.ChecksummedCsv;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The invoice report of a period (optionally one organization), streamed: one row per invoice
 * line, then per currency {@code #total,<currency>,<subtotal>,<total>,<invoices>}, then
 * {@code #sha256,<hex>} (SHA-256 of the CSV before it). Each row also carries its invoice's own
 * checksum ({@link InvoiceChecksum}). JSON: {@code {period, invoices: [{…, lines}], totals, checksum}}
 * with the same checksum as the CSV.
 */
@ApplicationScoped
public class InvoiceReportWriter {

    public static final String[] CSV_HEADER = {
            "invoice_id", "organization_id", "period", "currency", "line_no", "kind", "subscription_id", "plan_id", "api_id",
            "tier_index", "adjustment_for_period", "description", "quantity", "unit_price", "per_units", "amount",
            "invoice_checksum"};

    private final InvoiceStore invoices;
    private final ObjectMapper json;

    public InvoiceReportWriter(InvoiceStore invoices, ObjectMapper json) {
        this.invoices = invoices;
        this.json = json;
    }

    public String csv(String period, UUID org, OutputStream out) {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        ChecksummedCsv csv = new ChecksummedCsv(w, CSV_HEADER);
        Totals totals = new Totals();
        invoices.streamLines(period, org, (invoice, line) -> {
            csv.record(values(invoice, line));
            totals.add(invoice);
        });
        return csv.finish(totals.trailers());
    }

    public String json(String period, UUID org, OutputStream out) {
        ChecksummedCsv csv = new ChecksummedCsv(null, CSV_HEADER);
        Totals totals = new Totals();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("period", period);
            if (org != null) {
                g.writeStringField("organizationId", org.toString());
            }
            g.writeArrayFieldStart("invoices");
            UUID[] open = {null};
            invoices.streamLines(period, org, (invoice, line) -> {
                if (!invoice.id().equals(open[0])) {
                    if (open[0] != null) {
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    open[0] = invoice.id();
                    g.writeStartObject();
                    g.writeStringField("id", invoice.id().toString());
                    g.writeStringField("organizationId", invoice.organizationId().toString());
                    g.writeStringField("period", invoice.period());
                    g.writeStringField("currency", invoice.currency());
                    g.writeStringField("status", invoice.status());
                    g.writeStringField("subtotal", invoice.subtotal().toPlainString());
                    g.writeStringField("total", invoice.total().toPlainString());
                    g.writeStringField("checksum", invoice.checksum());
                    g.writeStringField("issuedAt", invoice.issuedAt().toString());
                    g.writeArrayFieldStart("lines");
                }
                json.writeValue(g, line);
                csv.record(values(invoice, line));
                totals.add(invoice);
            });
            if (open[0] != null) {
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("totals");
            for (Map.Entry<String, Totals.Sum> e : totals.byCurrency.entrySet()) {
                g.writeStartObject();
                g.writeStringField("currency", e.getKey());
                g.writeStringField("subtotal", e.getValue().subtotal.toPlainString());
                g.writeStringField("total", e.getValue().total.toPlainString());
                g.writeNumberField("invoices", e.getValue().invoices);
                g.writeEndObject();
            }
            g.writeEndArray();
            String checksum = csv.finish(totals.trailers());
            g.writeStringField("checksum", "sha256:" + checksum);
            g.writeEndObject();
            return checksum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object[] values(Invoice i, Invoice.Line l) {
        return new Object[]{i.id(), i.organizationId(), i.period(), i.currency(), l.lineNo(), l.kind(), text(l.subscriptionId()),
                text(l.planId()), text(l.apiId()), text(l.tierIndex()), text(l.adjustmentForPeriod()), l.description(), l.quantity(),
                l.unitPrice().toPlainString(), l.perUnits(), l.amount().toPlainString(), i.checksum()};
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Sums each invoice once (lines arrive grouped by invoice). */
    private static final class Totals {
        static final class Sum {
            BigDecimal subtotal = BigDecimal.ZERO.setScale(4);
            BigDecimal total = BigDecimal.ZERO;
            int invoices;
        }

        final Map<String, Sum> byCurrency = new TreeMap<>();
        UUID last;

        void add(Invoice i) {
            if (i.id().equals(last)) {
                return;
            }
            last = i.id();
            Sum s = byCurrency.computeIfAbsent(i.currency(), c -> new Sum());
            s.subtotal = s.subtotal.add(i.subtotal());
            s.total = s.total.add(i.total());
            s.invoices++;
        }

        List<Object[]> trailers() {
            List<Object[]> t = new ArrayList<>();
            byCurrency.forEach((currency, s) -> t.add(new Object[]{"#total", currency, s.subtotal.toPlainString(),
                    s.total.toPlainString(), s.invoices}));
            return t;
        }
    }
}
