package io.gatehouse.management.problem;

/**
 * Every kind of problem the management service answers with. The {@link #type()} URI is stable:
 * clients may branch on it.
 */
public enum ProblemType {
    VALIDATION_FAILED("validation-failed", 400, "The request is not valid"),
    UPSTREAM_FORBIDDEN("upstream-forbidden", 400, "A URL leads to an address the gateway may not connect to"),
    MALFORMED_REQUEST("malformed-request", 400, "The request body could not be read"),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication is required"),
    INVALID_CREDENTIALS("invalid-credentials", 401, "The email or password is not right"),
    INVALID_TOKEN("invalid-token", 400, "The link is not valid"),
    INVALID_INVITATION("invalid-invitation", 400, "The invitation is not valid"),
    FORBIDDEN("forbidden", 403, "You may not do this"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "The request conflicts with the current state"),
    INVALID_TRANSITION("invalid-transition", 409, "This status change is not allowed"),
    ALREADY_A_MEMBER("already-a-member", 409, "This person is already a member"),
    ACCOUNT_EXISTS("account-exists", 409, "This email already has an account"),
    LAST_ROUTE("last-route", 409, "An API needs at least one route"),
    LAST_OWNER("last-owner", 409, "An organization needs at least one owner"),
    PLAN_NOT_IN_PRODUCT("plan-not-in-product", 409, "A subscription can only change to another plan of the same product"),
    NO_PENDING_PLAN_CHANGE("no-pending-plan-change", 409, "This subscription has no plan change waiting for approval"),
    PLAN_IN_USE("plan-in-use", 409, "This change would worsen a plan that has subscribers"),
    PRODUCT_IN_USE("product-in-use", 409, "This product has plans"),
    SNAPSHOT_NEEDED("snapshot-needed", 410, "No delta reaches this version; fetch the snapshot"),
    LOGO_UNSUPPORTED("logo-unsupported", 400, "The logo must be a PNG, JPEG or WebP image"),
    LOGO_TOO_LARGE("logo-too-large", 413, "The logo is larger than 256 KiB"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    TOO_MANY_ATTEMPTS("too-many-attempts", 429, "Too many attempts"),
    BILLING_UNAVAILABLE("billing-unavailable", 503, "Usage and invoices cannot be read from billing now; try again later"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    PURGE_UNAVAILABLE("purge-unavailable", 503, "The purge could not be delivered to the gateways"),
    IDP_UNAVAILABLE("idp-unavailable", 503, "Sign-in is unavailable");

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String type() {
        return "urn:gatehouse:problem:" + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
