package io.gatehouse.management.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Query and path parameters of the JSON APIs meet {@link ClientInput#textRefusal} before any resource reads them
 * ({@code ?prefix=gh_%00} reached SQL as a NUL). The console's pages are left to the console.
 */
public class ParameterCheck {

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/console") || path.startsWith("/console/")) {
            return;
        }
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
