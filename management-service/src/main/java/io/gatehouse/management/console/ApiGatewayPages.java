package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.console.options.GatewayOptionForms;
import io.gatehouse.management.console.options.OptionFields;
import io.gatehouse.management.console.options.OptionsForm;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestForm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An API's gateway options: upstream targets, health check, circuit breaker, CORS, IP lists and token
 * authentication (API keys, JWT), and per route the body limit, header edits, retries, cache and required
 * scopes (a composition is shown, read-only). The forms go through the same
 * service calls as {@code PUT /admin/v1/apis/{id}/targets}, {@code …/options} and
 * {@code …/routes/{routeId}/options}; a form that does not validate comes back with what was typed
 * and each problem next to its field. Read-only roles see the values without forms.
 */
@Path("/console/apis/{id}/gateway")
@Produces(MediaType.TEXT_HTML)
public class ApiGatewayPages {

    /** A route with its options form. */
    public record RouteForm(ApiView.RouteView route, OptionsForm form) {
    }

    @CheckedTemplate(basePath = "console/gateway")
    static class Templates {
        static native TemplateInstance gateway(ConsoleUser user, ApiView api, GatewayOptionForms.TargetsView targets,
                                               OptionsForm options, List<RouteForm> routes, String saved);
    }

    private static final Map<String, String> SAVED = Map.of(
            "targets", "The upstream targets were saved.",
            "options", "The API's gateway options were saved.",
            "route", "The route's options were saved.");

    private final ApiService apis;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public ApiGatewayPages(ApiService apis, ConsoleForms forms, SecurityIdentity identity) {
        this.apis = apis;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance page(@PathParam("id") UUID id, @QueryParam("saved") String saved) {
        ApiView api = apis.get(id);
        return View.of(user(), api).render(SAVED.get(saved == null ? "" : saved));
    }

    /** Replaces the upstream targets; a row whose URL is emptied is removed. */
    @POST
    @Path("/targets")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response targets(@PathParam("id") UUID id, @RestForm List<String> url, @RestForm List<String> weight,
                            @RestForm List<String> state) {
        ApiView api = apis.get(id);
        GatewayOptionForms.PostedTargets posted = GatewayOptionForms.PostedTargets.read(url, weight, state);
        List<Problem.FieldError> errors = new ArrayList<>(posted.errors());
        addUnlessNamed(errors, forms.violations(posted.request()).stream().map(posted::onRow).toList());
        if (errors.isEmpty()) {
            try {
                apis.replaceTargets(id, posted.request());
                return saved(id, "targets");
            } catch (ApiProblem p) {
                errors.addAll(invalidFields(p).stream().map(posted::onRow).toList());
            }
        }
        View page = View.of(user(), api);
        page.targets = new GatewayOptionForms.TargetsView(posted.rows(), new OptionsForm("", true, Map.of(), errors));
        return invalid(page);
    }

    /** Replaces the API's options (health check, breaker, CORS, IP lists, token auth); empty fields mean the gateway's defaults. */
    @POST
    @Path("/options")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response options(@PathParam("id") UUID id, @BeanParam GatewayOptionForms.ApiOptionsForm form) {
        ApiView api = apis.get(id);
        OptionFields fields = new OptionFields();
        GatewayOptions.ApiOptions options = form.read(fields, api.options());
        List<Problem.FieldError> errors = new ArrayList<>(fields.errors());
        addUnlessNamed(errors, forms.violations(options));
        if (errors.isEmpty()) {
            try {
                apis.replaceOptions(id, options);
                return saved(id, "options");
            } catch (ApiProblem p) {
                errors.addAll(invalidFields(p));
            }
        }
        View page = View.of(user(), api);
        page.options = new OptionsForm(View.API_PREFIX, true, fields.typed(), errors);
        return invalid(page);
    }

    /** Replaces one route's options (body limit, header edits, retries, cache, required scopes; the composition is kept). */
    @POST
    @Path("/routes/{routeId}/options")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response routeOptions(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId,
                                 @BeanParam GatewayOptionForms.RouteOptionsForm form) {
        ApiView api = apis.get(id);
        OptionFields fields = new OptionFields();
        GatewayOptions.RouteOptions stored = api.routes().stream().filter(r -> r.id().equals(routeId))
                .map(ApiView.RouteView::options).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        GatewayOptions.RouteOptions options = form.read(fields, stored);
        List<Problem.FieldError> errors = new ArrayList<>(fields.errors());
        addUnlessNamed(errors, forms.violations(options));
        if (errors.isEmpty()) {
            try {
                apis.replaceRouteOptions(id, routeId, options);
                return saved(id, "route");
            } catch (ApiProblem p) {
                errors.addAll(invalidFields(p));
            }
        }
        View page = View.of(user(), api);
        boolean found = false;
        for (int i = 0; i < page.routes.size(); i++) {
            RouteForm r = page.routes.get(i);
            if (r.route().id().equals(routeId)) {
                page.routes.set(i, new RouteForm(r.route(), new OptionsForm(r.form().prefix(), true, fields.typed(), errors)));
                found = true;
            }
        }
        if (!found) {
            throw ApiProblem.notFound("Route", routeId + " of API " + id);
        }
        return invalid(page);
    }

    /** Adds the violations of fields that have no error yet (one that could not be read is null, and that is said already). */
    private static void addUnlessNamed(List<Problem.FieldError> errors, List<Problem.FieldError> violations) {
        java.util.Set<String> named = new java.util.HashSet<>();
        errors.forEach(e -> named.add(e.field()));
        violations.stream().filter(v -> !named.contains(v.field())).forEach(errors::add);
    }

    /** The fields of a validation problem; any other problem (403, 404, 409) is the problem page's to show. */
    private static List<Problem.FieldError> invalidFields(ApiProblem p) {
        if (p.type() != ProblemType.VALIDATION_FAILED && p.type() != ProblemType.UPSTREAM_FORBIDDEN) {
            throw p;
        }
        return p.errors() == null ? List.of(new Problem.FieldError("", p.getMessage())) : p.errors();
    }

    private Response invalid(View page) {
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render(null)).build();
    }

    private static Response saved(UUID id, String what) {
        return Response.seeOther(UriBuilder.fromPath("/console/apis/{id}/gateway").queryParam("saved", what).build(id)).build();
    }

    private ConsoleUser user() {
        return ConsoleUser.of(identity);
    }

    /** The page's forms, each showing the stored values unless a post put what was typed (and its errors) in. */
    private static final class View {
        static final String API_PREFIX = "api-";

        final ConsoleUser user;
        final ApiView api;
        GatewayOptionForms.TargetsView targets;
        OptionsForm options;
        final List<RouteForm> routes = new ArrayList<>();

        private View(ConsoleUser user, ApiView api) {
            this.user = user;
            this.api = api;
        }

        static View of(ConsoleUser user, ApiView api) {
            View p = new View(user, api);
            boolean editable = user.canManage(api);
            p.targets = new GatewayOptionForms.TargetsView(
                    editable ? GatewayOptionForms.showTargets(api.targets()) : GatewayOptionForms.showTargets(api.targets())
                            .subList(0, api.targets().size()),
                    new OptionsForm("", editable, Map.of(), List.of()));
            p.options = OptionsForm.showing(API_PREFIX, editable, GatewayOptionForms.show(api.options()));
            for (int i = 0; i < api.routes().size(); i++) {
                ApiView.RouteView r = api.routes().get(i);
                p.routes.add(new RouteForm(r, OptionsForm.showing("route-" + i + "-", editable,
                        GatewayOptionForms.show(r.options()))));
            }
            return p;
        }

        TemplateInstance render(String saved) {
            return Templates.gateway(user, api, targets, options, routes, saved);
        }
    }
}
