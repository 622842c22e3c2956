package io.gatehouse.portal.branding;

import io.gatehouse.portal.session.ManagementProblem;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How long the portal keeps the branding and what it does when management cannot be read (a moved clock, no I/O). */
class PortalBrandingTest {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private final Management management = new Management();
    private final MovingClock clock = new MovingClock();
    private final PortalBranding branding = new PortalBranding(management, REFRESH, clock, Runnable::run);

    @Test
    void a_change_is_read_once_the_refresh_bound_has_passed_and_not_before() {
        management.settings = new BrandingSettings("Acme", "#112233", List.of(), false, false, 2);
        assertEquals("Acme", branding.current().name());
        management.settings = new BrandingSettings("Acme 2", "#112233", List.of(), false, false, 3);

        clock.move(REFRESH.minusMillis(1));
        assertEquals("Acme", branding.current().name());
        assertEquals(1, management.settingsReads);

        clock.move(Duration.ofMillis(1));
        assertEquals("Acme 2", branding.current().name());
        assertEquals(2, management.settingsReads);
    }

    @Test
    void the_logo_and_stylesheet_are_fetched_again_only_when_the_version_changes() {
        management.settings = new BrandingSettings("Acme", "#112233", List.of(), true, true, 7);
        assertArrayEquals(PNG, branding.current().logo());
        assertEquals("image/png", branding.current().logoType());
        assertEquals("h1 { }", branding.current().stylesheet());
        for (int i = 0; i < 3; i++) {
            clock.move(REFRESH);
            branding.current();
        }
        assertEquals(4, management.settingsReads);
        assertEquals(1, management.logoReads);
        assertEquals(1, management.stylesheetReads);

        management.settings = new BrandingSettings("Acme", "#112233", List.of(), false, true, 8);
        clock.move(REFRESH);
        assertNull(branding.current().logo());
        assertEquals(2, management.stylesheetReads);
    }

    @Test
    void when_management_cannot_be_read_the_last_good_branding_stays_and_is_read_again_after_the_bound() {
        management.settings = new BrandingSettings("Acme", "#112233", List.of(), true, false, 4);
        assertEquals("Acme", branding.current().name());
        management.down = true;
        clock.move(REFRESH);
        assertEquals("Acme", branding.current().name());
        assertArrayEquals(PNG, branding.current().logo());
        assertEquals(2, management.settingsReads);
        branding.current();
        assertEquals(2, management.settingsReads, "a failed read waits for the bound too, so management is not hammered");

        management.down = false;
        management.settings = new BrandingSettings("Back", "#112233", List.of(), true, false, 5);
        clock.move(REFRESH);
        assertEquals("Back", branding.current().name());
    }

    @Test
    void a_portal_that_never_reached_management_shows_the_defaults() {
        management.down = true;
        assertEquals(Branding.DEFAULTS, branding.current());
        assertEquals("Gatehouse", branding.shortName());
        assertEquals("Gatehouse developer portal", branding.title());
    }

    @Test
    void a_management_without_branding_routes_is_the_default_look() {
        management.missing = true;
        assertEquals(Branding.DEFAULTS, branding.current());
    }

    @Test
    void a_refresh_bound_that_is_not_positive_stops_the_start() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PortalBranding(management, Duration.ZERO, clock, Runnable::run));
    }

    /** Management's branding routes, counting the reads. */
    static final class Management implements ManagementBranding {
        BrandingSettings settings = new BrandingSettings(null, null, List.of(), false, false, 0);
        boolean down;
        boolean missing;
        int settingsReads;
        int logoReads;
        int stylesheetReads;

        @Override
        public BrandingSettings settings() {
            settingsReads++;
            if (down) {
                throw new ProcessingException("Connection refused");
            }
            if (missing) {
                throw new ManagementProblem(404, "not-found", "no such route");
            }
            return settings;
        }

        @Override
        public Response logo() {
            logoReads++;
            return Response.ok(PNG, "image/png").build();
        }

        @Override
        public String stylesheet() {
            stylesheetReads++;
            return "h1 { }";
        }
    }

    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T12:00:00Z");

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
