package io.gatehouse.billing.invoicing;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of period close and exports, checked once at start.
 *
 * <ul>
 *   <li>{@code gatehouse.billing.close-grace} (default {@code 1h}): how long after a month ends (in
 *       the latest time zone among the organization's plans) its period stays open for late events.</li>
 *   <li>{@code gatehouse.billing.close-check-every} (default {@code 60s}): how often the scheduled
 *       job looks for periods to close.</li>
 *   <li>{@code gatehouse.billing.export-dir} (default {@code data/exports}): where closes write the
 *       usage and invoice reports.</li>
 * </ul>
 */
@ApplicationScoped
public class InvoicingSettings {

    private final Duration closeGrace;
    private final Path exportDir;

    public InvoicingSettings(@ConfigProperty(name = "gatehouse.billing.close-grace", defaultValue = "1h") Duration closeGrace,
                             @ConfigProperty(name = "gatehouse.billing.export-dir", defaultValue = "data/exports") String exportDir) {
        if (closeGrace.isNegative()) {
            throw new IllegalArgumentException("gatehouse.billing.close-grace must be zero or more, e.g. 1h, not " + closeGrace);
        }
        if (exportDir.isBlank()) {
            throw new IllegalArgumentException("gatehouse.billing.export-dir must name a directory, e.g. data/exports");
        }
        this.closeGrace = closeGrace;
        this.exportDir = Path.of(exportDir.strip());
    }

    public Duration closeGrace() {
        return closeGrace;
    }

    public Path exportDir() {
        return exportDir;
    }
}
