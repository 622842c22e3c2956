package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiRequests;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.cachepurge.CachePurgeService;
import io.gatehouse.management.cachepurge.PurgeRequest;
import io.gatehouse.management.cachepurge.PurgeView;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.apis.OpenApiImport;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.management.console.ConsoleForms.checked;
import static io.gatehouse.management.console.ConsoleForms.day;
import static io.gatehouse.management.console.ConsoleForms.text;

/** APIs: list, create, import an OpenAPI document, edit, move through the lifecycle, purge cached answers. */
@Path("/console/apis")
@Produces(MediaType.TEXT_HTML)
public class ApiPages {

    @CheckedTemplate(basePath = "console/apis")
    static class Templates {
        static native TemplateInstance list(ConsoleUser user, Page<ApiView> apis);

        static native TemplateInstance create(ConsoleUser user);

        static native TemplateInstance importing(ConsoleUser user);

        static native TemplateInstance detail(ConsoleUser user, ApiView api, List<Lifecycle> nextLifecycles,
                                              Page<PlanView> plans, String purged);
    }

    private static final long MAX_DOCUMENT_BYTES = 5L * 1024 * 1024;

    private final ApiService apis;
    private final CachePurgeService purges;
    private final PlanService plans;
    private final OpenApiImport importer;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public ApiPages(ApiService apis, CachePurgeService purges, PlanService plans, OpenApiImport importer, ConsoleForms forms,
                    SecurityIdentity identity) {
        this.apis = apis;
        this.purges = purges;
        this.plans = plans;
        this.importer = importer;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance list() {
        return Templates.list(user(), apis.list(null, 0, Page.MAX_LIMIT));
    }

    @GET
    @Path("/new")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance createForm() {
        return Templates.create(user());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response create(@RestForm String name, @RestForm String slug, @RestForm String version,
                           @RestForm String description, @RestForm String routePath, @RestForm String upstreamUrl,
                           @RestForm String host, @RestForm String stripPrefix, @RestForm String tags) {
        ApiView created = apis.create(forms.valid(new ApiRequests.Create(text(name), text(slug), text(version),
                description, null, text(routePath), text(upstreamUrl), text(host), null, checked(stripPrefix),
                null, null, null, tagList(tags))));
        return seeOther(created.id());
    }

    @GET
    @Path("/import")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance importForm() {
        return Templates.importing(user());
    }

    /** The upload form: a file, or the document pasted; a route and upstream may override the document's server. */
    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response importDocument(@RestForm FileUpload file, @RestForm String document, @RestForm String routePath,
                                   @RestForm String upstreamUrl) {
        String body = text(document);
        boolean isJson = false;
        if (file != null && file.size() > 0) {
            if (file.size() > MAX_DOCUMENT_BYTES) {
                throw ApiProblem.invalidField("file", "is larger than 5 MB");
            }
            try {
                body = Files.readString(file.uploadedFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            isJson = file.fileName() != null && file.fileName().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        }
        if (body == null) {
            throw ApiProblem.invalidField("file", "choose an OpenAPI file or paste the document");
        }
        ApiView created = importer.importDocument(body, isJson, new OpenApiImport.Options(routePath, upstreamUrl, null));
        return seeOther(created.id());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance detail(@PathParam("id") UUID id, @QueryParam("purged") String purged) {
        ApiView api = apis.get(id);
        String scope = "api".equals(purged) || "url".equals(purged) ? purged : null;
        return Templates.detail(user(), api, ApiService.nextLifecycles(api.lifecycle()), plans.list(id, 0, Page.MAX_LIMIT),
                scope);
    }

    /** Purges the API's cached answers on every gateway: all of them, or one URL's when the form names one. */
    @POST
    @Path("/{id}/cache/purge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response purgeCache(@PathParam("id") UUID id, @RestForm String url) {
        PurgeView purge = purges.purge(id, forms.valid(new PurgeRequest(null, text(url))));
        return Response.seeOther(URI.create("/console/apis/" + id + "?purged=" + purge.scope())).build();
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response update(@PathParam("id") UUID id, @RestForm String name, @RestForm String description,
                           @RestForm String routePath, @RestForm String upstreamUrl, @RestForm String tags) {
        apis.update(id, forms.valid(new ApiRequests.Update(text(name), description == null ? null : description,
                null, null, text(routePath), text(upstreamUrl), null, null, null, tagList(tags))));
        return seeOther(id);
    }

    /** Moves the API to its next lifecycle state; a sunset date goes with deprecation. */
    @POST
    @Path("/{id}/lifecycle")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response lifecycle(@PathParam("id") UUID id, @RestForm String lifecycle, @RestForm String sunsetAt) {
        Lifecycle target = ConsoleForms.choice(Lifecycle.class, "lifecycle", lifecycle);
        if (target == null) {
            throw ApiProblem.invalidField("lifecycle", "choose the state to move to");
        }
        apis.update(id, forms.valid(new ApiRequests.Update(null, null, target, day("sunsetAt", sunsetAt),
                null, null, null, null, null, null)));
        return seeOther(id);
    }

    /**
     * The tags field as typed, words split at commas and spaces ({@code "payments, EU-west"}); null when the form has no
     * such field, so the tags stay as they are. The service lower-cases and checks them.
     */
    static List<String> tagList(String field) {
        if (field == null) {
            return null;
        }
        return java.util.Arrays.stream(field.split("[,\\s]+")).filter(t -> !t.isBlank()).toList();
    }

    private ConsoleUser user() {
        return ConsoleUser.of(identity);
    }

    private static Response seeOther(UUID api) {
        return Response.seeOther(URI.create("/console/apis/" + api)).build();
    }
}
