package io.gatehouse.portal.billing;

import io.gatehouse.portal.session.ManagementProblem;
import org.jboss.logging.Logger;

/** The estimate as a part of a page: when billing (or its prices) cannot be read, the page shows the rest and says so. */
public final class Estimates {

    private static final Logger LOG = Logger.getLogger(Estimates.class);

    private Estimates() {
    }

    /** This month's estimate of the session's organization, or null when billing cannot give one now. */
    public static ManagementBilling.Estimate orNull(ManagementBilling management, String bearer) {
        try {
            return management.estimate(bearer, null);
        } catch (ManagementProblem p) {
            if (p.status() >= 500) {
                LOG.debugf("no estimate now: %d %s", p.status(), p.type());
                return null;
            }
            throw p;
        }
    }
}
