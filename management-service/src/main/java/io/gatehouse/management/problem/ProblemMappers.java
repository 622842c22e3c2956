package io.gatehouse.management.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every exception that reaches the REST layer into problem+json; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri) {
        return respond(new Problem(e.type().type(), e.type().title(), e.type().status(), e.getMessage(),
                path(uri), e.errors()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message())
                .collect(Collectors.joining("; "));
        ProblemType t = ProblemType.VALIDATION_FAILED;
        return respond(new Problem(t.type(), t.title(), t.status(), detail, path(uri), errors));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        String field = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                .collect(Collectors.joining("."));
        String message = "cannot be read as " + e.getTargetType().getSimpleName();
        ProblemType t = ProblemType.VALIDATION_FAILED;
        return respond(new Problem(t.type(), t.title(), t.status(), field + ": " + message, path(uri),
                List.of(new Problem.FieldError(field, message))));
    }

    @ServerExceptionMapper
    public Response refusedValue(RefusedValue e, UriInfo uri) {
        return invalidField(fieldPath(e), e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response nullInList(com.fasterxml.jackson.databind.exc.InvalidNullException e, UriInfo uri) {
        return invalidField(fieldPath(e), "must not be null", uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformed(uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return malformed(uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHENTICATED,
                        "Send an admin bearer token in the Authorization header.", path(uri))))
                .header("WWW-Authenticate", "Bearer realm=\"gatehouse\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this action.", path(uri)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e instanceof jakarta.ws.rs.NotFoundException && e.getCause() != null
                && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers 404 when a query or path parameter cannot be converted (?limit=abc, an id that is not
            // a UUID): the client sent a value of the wrong type, which is a 400.
            ProblemType t = ProblemType.VALIDATION_FAILED;
            return respond(new Problem(t.type(), t.title(), t.status(),
                    "A query or path parameter has the wrong type (a whole number or an id is expected).", path(uri), null));
        }
        ProblemType t = switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 409 -> ProblemType.CONFLICT;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.MALFORMED_REQUEST;
        };
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        String detail = status >= 500 ? "The request could not be completed." : e.getMessage();
        return respond(new Problem(t.type(), t.title(), status, detail, path(uri), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(ProblemType.INTERNAL_ERROR, "The request could not be completed.", path(uri)));
    }

    private static Response invalidField(String field, String message, UriInfo uri) {
        ProblemType t = ProblemType.VALIDATION_FAILED;
        return respond(new Problem(t.type(), t.title(), t.status(), field + ": " + message, path(uri),
                List.of(new Problem.FieldError(field, message))));
    }

    private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                .collect(Collectors.joining("."));
    }

    private static Response malformed(UriInfo uri) {
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST,
                "The body is not valid JSON of the expected shape.", path(uri)));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // "create.request.routePath" -> "routePath": the method and parameter names mean nothing to clients.
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }
}
