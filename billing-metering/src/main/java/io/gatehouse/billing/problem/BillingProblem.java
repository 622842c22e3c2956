package io.gatehouse.billing.problem;

import java.util.List;

/** Thrown for a failure the client should see; answered as problem+json. */
public class BillingProblem extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;

    public BillingProblem(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
    }

    public static BillingProblem invalidParameter(String name, String message) {
        return new BillingProblem(ProblemType.VALIDATION_FAILED, name + ": " + message,
                List.of(new Problem.FieldError(name, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
