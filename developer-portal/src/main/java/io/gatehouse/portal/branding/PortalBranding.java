package io.gatehouse.portal.branding;

import io.gatehouse.portal.session.ManagementProblem;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The branding every page shows ({@code inject:branding} in {@code layout/base}), read from management and kept for
 * {@code gatehouse.portal.branding.refresh-after}. The first page after start waits for the first read; after that a
 * page that finds the branding due starts one read in the background and is served what is held, so no page waits
 * for management because of branding. The logo and stylesheet are fetched again only when management's version
 * changed. When management cannot be read, the last good branding stays (the defaults if there never was one).
 */
@Named("branding")
@ApplicationScoped
public class PortalBranding {

    private static final Logger LOG = Logger.getLogger(PortalBranding.class);

    private final ManagementBranding management;
    private final Duration refreshAfter;
    private final Clock clock;
    private final Executor reader;
    private final AtomicBoolean reading = new AtomicBoolean();

    private volatile Branding held = Branding.DEFAULTS;
    private volatile boolean everRead;
    private volatile Instant due = Instant.MIN;
    private volatile boolean failing;

    @Inject
    public PortalBranding(@RestClient ManagementBranding management,
                          @ConfigProperty(name = "gatehouse.portal.branding.refresh-after", defaultValue = "PT5S")
                          Duration refreshAfter) {
        this(management, refreshAfter, Clock.systemUTC(), Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "portal-branding");
            t.setDaemon(true);
            return t;
        }));
    }

    /** @param reader where reads after the first run (tests pass one that runs them at once) */
    PortalBranding(ManagementBranding management, Duration refreshAfter, Clock clock, Executor reader) {
        if (refreshAfter.isNegative() || refreshAfter.isZero()) {
            throw new IllegalArgumentException("gatehouse.portal.branding.refresh-after must be positive, not " + refreshAfter);
        }
        this.management = management;
        this.refreshAfter = refreshAfter;
        this.clock = clock;
        this.reader = reader;
    }

    /** The branding to show now. */
    public Branding current() {
        if (!clock.instant().isBefore(due) && reading.compareAndSet(false, true)) {
            if (everRead) {
                reader.execute(this::read);
            } else {
                read();
            }
        }
        return held;
    }

    // The layout's view: Qute calls these by name ({inject:branding.name}).

    /** The portal's name in titles: the admin's, or "Gatehouse". */
    public String shortName() {
        Branding b = current();
        return b.name() == null ? "Gatehouse" : b.name();
    }

    /** The title of a page without one: the admin's name, or "Gatehouse developer portal". */
    public String title() {
        Branding b = current();
        return b.name() == null ? "Gatehouse developer portal" : b.name();
    }

    /** The admin's name, or null for the default brand ("Gatehouse developers"). */
    public String name() {
        return current().name();
    }

    public boolean logo() {
        return current().logo() != null;
    }

    public boolean stylesheet() {
        return current().stylesheet() != null;
    }

    public List<Branding.Link> links() {
        return current().links();
    }

    /** The {@code ?v=} of the asset URLs ({@link Branding#tag}). */
    public String tag() {
        return current().tag();
    }

    /** How long a read branding is kept before it is read again. */
    public Duration refreshAfter() {
        return refreshAfter;
    }

    private void read() {
        try {
            Branding before = held;
            BrandingSettings settings = management.settings();
            Branding next;
            if (everRead && settings.version() == before.version()) {
                next = Branding.of(settings, before.logo(), before.logoType(), before.stylesheet());
            } else {
                byte[] logo = null;
                String logoType = null;
                if (settings.logo()) {
                    try (Response r = management.logo()) {
                        logo = r.readEntity(byte[].class);
                        logoType = r.getMediaType() == null ? null
                                : r.getMediaType().getType() + "/" + r.getMediaType().getSubtype();
                    }
                }
                String css = settings.stylesheet() ? management.stylesheet() : null;
                next = Branding.of(settings, logo, logoType, css);
            }
            held = next;
            if (failing) {
                LOG.infof("Portal branding read from management again (version %d)", next.version());
            }
            failing = false;
        } catch (ManagementProblem e) {
            if (e.status() == 404 && !everRead) {
                // A management service without branding routes: the defaults are its branding.
                held = Branding.DEFAULTS;
            } else {
                failed(e);
            }
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            everRead = true;
            due = clock.instant().plus(refreshAfter);
            reading.set(false);
        }
    }

    private void failed(RuntimeException e) {
        if (!failing) {
            LOG.warnf("Portal branding cannot be read from management (%s); keeping version %d until it can",
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), held.version());
        }
        failing = true;
    }

    @PreDestroy
    void stop() {
        if (reader instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }
}
