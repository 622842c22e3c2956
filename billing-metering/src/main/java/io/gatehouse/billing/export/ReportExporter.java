package io.gatehouse.billing.export;

import io.gatehouse.billing.invoicing.InvoiceReportWriter;
import io.gatehouse.billing.invoicing.InvoicingSettings;
import io.gatehouse.billing.invoicing.PeriodCloser.PeriodClosed;
import io.gatehouse.billing.report.UsagePeriod;
import io.gatehouse.billing.report.UsageReportWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Writes the usage and invoice reports (CSV, with totals and checksum trailers) of each period
 * that closes to {@code gatehouse.billing.export-dir}:
 * {@code <dir>/<period>/usage-<period>-<organization>.csv} and {@code invoices-<period>-<organization>.csv}.
 * Each file is written next to its name and moved into place, so a reader never sees half a file.
 * A failed export is logged and does not undo the close; {@link #export} writes it again.
 */
@ApplicationScoped
public class ReportExporter {

    private static final Logger LOG = Logger.getLogger(ReportExporter.class);

    private final UsageReportWriter usage;
    private final InvoiceReportWriter invoices;
    private final InvoicingSettings settings;

    public ReportExporter(UsageReportWriter usage, InvoiceReportWriter invoices, InvoicingSettings settings) {
        this.usage = usage;
        this.invoices = invoices;
        this.settings = settings;
    }

    void onClose(@Observes PeriodClosed closed) {
        try {
            export(closed.organizationId(), closed.period(), closed.reportZone());
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "export of %s for organization %s failed; the period is closed, export it again", closed.period(),
                    closed.organizationId());
        }
    }

    /** Writes both reports of the organization's period; returns the directory. */
    public Path export(UUID org, YearMonth period, ZoneId zone) throws IOException {
        Path dir = settings.exportDir().resolve(period.toString());
        Files.createDirectories(dir);
        String suffix = period + "-" + org + ".csv";
        write(dir.resolve("usage-" + suffix), out -> usage.csv(new UsagePeriod(period, zone), org, out));
        write(dir.resolve("invoices-" + suffix), out -> invoices.csv(period.toString(), org, out));
        return dir;
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
