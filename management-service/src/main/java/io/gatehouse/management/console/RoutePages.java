package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiRequests;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.HeaderCondition;
import io.gatehouse.management.apis.Rewrite;
import io.gatehouse.management.apis.RouteService;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.management.console.ConsoleForms.smallNumber;
import static io.gatehouse.management.console.ConsoleForms.text;

/**
 * The routes of an API: add, edit, move up or down, delete (after a confirmation page). Every form goes through
 * {@link RouteService}, as the admin API does, and answers 303 to the API's page. A route's options (body limit,
 * header edits, retries, cache, scopes) are on the gateway options page.
 */
@Path("/console/apis/{id}/routes")
@Produces(MediaType.TEXT_HTML)
public class RoutePages {

    /** The methods the form offers, in the order people read them. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /**
     * What the route form shows.
     *
     * @param forward   {@code strip}, {@code keep} or {@code rewrite}
     * @param headers   one condition a line: {@code Name: value}, or {@code Name} for "present"
     */
    public record RouteFields(String pathPrefix, String host, List<String> methods, String headers, String forward,
                              String rewritePattern, String rewriteReplacement, String connectTimeoutMs,
                              String responseTimeoutMs) {

        static RouteFields empty() {
            return new RouteFields("", "", List.of(), "", "strip", "", "", "2000", "30000");
        }

        static RouteFields of(ApiView.RouteView r) {
            StringBuilder headers = new StringBuilder();
            for (HeaderCondition h : r.headers()) {
                headers.append(h.name()).append(h.value() == null ? "" : ": " + h.value()).append('\n');
            }
            String forward = r.rewrite() != null ? "rewrite" : r.stripPrefix() ? "strip" : "keep";
            return new RouteFields(r.pathPrefix(), r.host() == null ? "" : r.host(), r.methods(), headers.toString().strip(),
                    forward, r.rewrite() == null ? "" : r.rewrite().pattern(),
                    r.rewrite() == null ? "" : r.rewrite().replacement(), String.valueOf(r.connectTimeoutMs()),
                    String.valueOf(r.responseTimeoutMs()));
        }

        public boolean has(String method) {
            return methods.contains(method);
        }

        /** The problem of a field, or null: for {@code pathPrefix}, {@code headers[1].name} and the like. */
        public String errorOf(List<Problem.FieldError> errors, String field) {
            for (Problem.FieldError e : errors) {
                if (e.field().equals(field) || e.field().startsWith(field + "[") || e.field().startsWith(field + ".")) {
                    return e.message();
                }
            }
            return null;
        }
    }

    @CheckedTemplate(basePath = "console/routes")
    static class Templates {
        static native TemplateInstance form(ConsoleUser user, ApiView api, ApiView.RouteView route, RouteFields fields,
                                            List<String> methods, List<Problem.FieldError> errors);

        static native TemplateInstance delete(ConsoleUser user, ApiView api, ApiView.RouteView route);
    }

    private final ApiService apis;
    private final RouteService routes;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public RoutePages(ApiService apis, RouteService routes, ConsoleForms forms, SecurityIdentity identity) {
        this.apis = apis;
        this.routes = routes;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    @Path("/new")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance newForm(@PathParam("id") UUID id) {
        return Templates.form(user(), managed(id), null, RouteFields.empty(), METHODS, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response add(@PathParam("id") UUID id, @RestForm String pathPrefix, @RestForm String host,
                        @RestForm List<String> methods, @RestForm String headers, @RestForm String forward,
                        @RestForm String rewritePattern, @RestForm String rewriteReplacement,
                        @RestForm String connectTimeoutMs, @RestForm String responseTimeoutMs) {
        RouteFields typed = typed(pathPrefix, host, methods, headers, forward, rewritePattern, rewriteReplacement,
                connectTimeoutMs, responseTimeoutMs);
        return saveOrShow(id, null, typed, () -> routes.add(id, request(pathPrefix, host, methods, headers, forward,
                rewritePattern, rewriteReplacement, connectTimeoutMs, responseTimeoutMs)));
    }

    @GET
    @Path("/{routeId}/edit")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance editForm(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId) {
        ApiView api = managed(id);
        ApiView.RouteView route = route(api, routeId);
        return Templates.form(user(), api, route, RouteFields.of(route), METHODS, List.of());
    }

    /** Replaces the route's match, forwarding and timeouts; its options stay as they are. */
    @POST
    @Path("/{routeId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response edit(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId, @RestForm String pathPrefix,
                         @RestForm String host, @RestForm List<String> methods, @RestForm String headers,
                         @RestForm String forward, @RestForm String rewritePattern, @RestForm String rewriteReplacement,
                         @RestForm String connectTimeoutMs, @RestForm String responseTimeoutMs) {
        RouteFields typed = typed(pathPrefix, host, methods, headers, forward, rewritePattern, rewriteReplacement,
                connectTimeoutMs, responseTimeoutMs);
        return saveOrShow(id, routeId, typed, () -> routes.replace(id, routeId, request(pathPrefix, host, methods,
                headers, forward, rewritePattern, rewriteReplacement, connectTimeoutMs, responseTimeoutMs)));
    }

    /** Moves the route one place up or down ({@code direction} = {@code up} or {@code down}). */
    @POST
    @Path("/{routeId}/move")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response move(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId, @RestForm String direction) {
        ApiView api = apis.get(id);
        List<UUID> order = new ArrayList<>(api.routes().stream().map(ApiView.RouteView::id).toList());
        int from = order.indexOf(routeId);
        if (from < 0) {
            throw ApiProblem.notFound("Route", routeId + " of API " + id);
        }
        int to = switch (direction == null ? "" : direction) {
            case "up" -> from - 1;
            case "down" -> from + 1;
            default -> throw ApiProblem.invalidField("direction", "must be up or down");
        };
        if (to >= 0 && to < order.size()) {
            order.set(from, order.get(to));
            order.set(to, routeId);
            routes.reorder(id, forms.valid(new ApiRequests.RouteOrder(order)));
        }
        return backTo(id);
    }

    @GET
    @Path("/{routeId}/delete")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance confirmDelete(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId) {
        ApiView api = managed(id);
        return Templates.delete(user(), api, route(api, routeId));
    }

    @POST
    @Path("/{routeId}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response delete(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId) {
        routes.delete(id, routeId);
        return backTo(id);
    }

    /**
     * Saves, and answers 303 to the API page; a form that does not validate (400) or conflicts with another route (409)
     * comes back with what was typed and each problem named, with that status. Other problems go to the problem page.
     */
    private Response saveOrShow(UUID id, UUID routeId, RouteFields typed, Runnable save) {
        List<Problem.FieldError> errors;
        int status;
        try {
            save.run();
            return backTo(id);
        } catch (ConstraintViolationException e) {
            errors = e.getConstraintViolations().stream()
                    .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(Problem.FieldError::field)).toList();
            status = 400;
        } catch (ApiProblem p) {
            if (p.type() != ProblemType.VALIDATION_FAILED && p.type() != ProblemType.CONFLICT
                    && p.type() != ProblemType.UPSTREAM_FORBIDDEN) {
                throw p;
            }
            errors = p.errors() != null && !p.errors().isEmpty() ? p.errors()
                    : List.of(new Problem.FieldError("pathPrefix", p.getMessage()));
            status = p.type().status();
        }
        ApiView api = apis.get(id);
        ApiView.RouteView route = routeId == null ? null : route(api, routeId);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.form(user(), api, route, typed, METHODS, errors).render()).build();
    }

    private static RouteFields typed(String pathPrefix, String host, List<String> methods, String headers,
                                     String forward, String rewritePattern, String rewriteReplacement,
                                     String connectTimeoutMs, String responseTimeoutMs) {
        return new RouteFields(pathPrefix == null ? "" : pathPrefix, host == null ? "" : host,
                methods == null ? List.of() : methods, headers == null ? "" : headers,
                forward == null ? "strip" : forward, rewritePattern == null ? "" : rewritePattern,
                rewriteReplacement == null ? "" : rewriteReplacement, connectTimeoutMs, responseTimeoutMs);
    }

    private ApiRequests.Route request(String pathPrefix, String host, List<String> methods, String headers,
                                      String forward, String rewritePattern, String rewriteReplacement,
                                      String connectTimeoutMs, String responseTimeoutMs) {
        String mode = forward == null ? "strip" : forward;
        Rewrite rewrite = null;
        if (mode.equals("rewrite")) {
            rewrite = new Rewrite(text(rewritePattern), rewriteReplacement == null ? "" : rewriteReplacement.trim());
        } else if (!mode.equals("strip") && !mode.equals("keep")) {
            throw ApiProblem.invalidField("forward", "choose strip, keep or rewrite");
        }
        List<String> chosen = methods == null ? List.of() : methods.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        return forms.valid(new ApiRequests.Route(text(pathPrefix), text(host), chosen, headerLines(headers),
                rewrite != null ? null : mode.equals("strip"), rewrite,
                smallNumber("connectTimeoutMs", connectTimeoutMs), smallNumber("responseTimeoutMs", responseTimeoutMs),
                null));
    }

    /** {@code Name: value} a line, or {@code Name} alone for "the header is present". */
    static List<HeaderCondition> headerLines(String text) {
        List<HeaderCondition> conditions = new ArrayList<>();
        if (text == null) {
            return conditions;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            conditions.add(colon < 0 ? new HeaderCondition(line.trim(), null)
                    : new HeaderCondition(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return conditions;
    }

    private static ApiView.RouteView route(ApiView api, UUID routeId) {
        return api.routes().stream().filter(r -> r.id().equals(routeId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Route", routeId + " of API " + api.id()));
    }

    /** The API, when the signed-in person may change it; the form pages are not shown to others. */
    private ApiView managed(UUID id) {
        ApiView api = apis.get(id);
        if (!user().canManage(api)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Only the API's owner or a platform admin may change its routes.");
        }
        return api;
    }

    private ConsoleUser user() {
        return ConsoleUser.of(identity);
    }

    private static Response backTo(UUID api) {
        return Response.seeOther(URI.create("/console/apis/" + api + "#routes")).build();
    }
}
