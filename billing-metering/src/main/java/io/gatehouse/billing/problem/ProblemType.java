package io.gatehouse.billing.problem;

/** Every kind of problem the billing service answers with; the {@link #type()} URI is stable. */
public enum ProblemType {
    VALIDATION_FAILED("validation-failed", 400, "The request is not valid"),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication is required"),
    FORBIDDEN("forbidden", 403, "You may not do this"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "No representation fits the Accept header"),
    PERIOD_NOT_DUE("period-not-due", 409, "The period is still open for late events"),
    PERIOD_CLOSED("period-closed", 409, "The period is closed: its invoices say what it cost"),
    CLOSE_OUT_OF_ORDER("close-out-of-order", 409, "Periods close in order"),
    IDP_UNAVAILABLE("idp-unavailable", 503, "Bearer tokens cannot be checked now; try again later"),
    MANAGEMENT_UNAVAILABLE("management-unavailable", 503, "Prices cannot be read from management now; try again later"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

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
