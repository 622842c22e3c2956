package io.gatehouse.management.problem;

import java.util.List;

/** Thrown by services for a failure the client should see; mapped to problem+json. */
public class ApiProblem extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;

    public ApiProblem(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ApiProblem(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
    }

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(ProblemType.NOT_FOUND, what + " " + id + " does not exist");
    }

    public static ApiProblem invalidField(String field, String message) {
        return new ApiProblem(ProblemType.VALIDATION_FAILED, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
