package io.gatehouse.management.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Query and path parameters meet {@link ClientInput#textRefusal} before any resource reads them, on the JSON APIs
 * and the console alike ({@code ?prefix=gh_%00} reached SQL as a NUL: a 500). A refused value is the parameter's 400
 * {@code validation-failed}; under {@code /console} it is shown as a page ({@code console.ProblemPages}). JSON bodies
 * are checked as they are read ({@link StrictJson}); the console's form fields when {@code console.ConsoleForms}
 * turns them into the admin API's request records.
 */
public class ParameterCheck {

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        refuse(request.getUriInfo().getQueryParameters());
        refuse(request.getUriInfo().getPathParameters());
    }

    private static void refuse(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            for (String value : p.getValue()) {
                String refusal = ClientInput.textRefusal(value);
                if (refusal != null) {
                    throw ApiProblem.invalidField(p.getKey(), refusal);
                }
            }
        }
    }
}
