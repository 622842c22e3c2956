package io.gatehouse.management.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem details body.
 *
 * @param errors for {@code validation-failed}: one entry per offending field; for {@code conflict}: the field whose
 *               value is taken (e.g. an application's {@code oauthClientId}), when one is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: its JSON path (e.g. {@code routePath}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.type(), type.title(), type.status(), detail, instance, null);
    }
}
