package io.gatehouse.billing.security;

/**
 * Who may use the billing API. Roles come from OIDC access tokens (the same issuer and realm roles
 * as management's admin API) or, for local runs and black-box tests, the bootstrap admin token.
 * Reading usage and invoices: {@link #PLATFORM_ADMIN}, {@link #BILLING_VIEWER}, {@link #AUDITOR}.
 * Closing a period: {@link #PLATFORM_ADMIN} only.
 */
public final class Roles {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String BILLING_VIEWER = "billing-viewer";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
