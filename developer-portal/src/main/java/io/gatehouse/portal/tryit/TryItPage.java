package io.gatehouse.portal.tryit;

import io.gatehouse.portal.account.ManagementAccounts;
import io.gatehouse.portal.catalog.CatalogApi;
import io.gatehouse.portal.catalog.CatalogLookup;
import io.gatehouse.portal.docs.ApiDoc;
import io.gatehouse.portal.docs.OpenApiReader;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.gatehouse.portal.layout.SeeOther;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The try-it console: an operation's form posts here (CSRF-checked like every form), the portal
 * builds the gateway request itself from the API's route and the documented operation
 * ({@link TryItCalls}), sends it with the partner's key ({@link GatewayRelay}) and shows the real
 * answer. Server-side, so it works without JavaScript and without CORS at the gateway; the key
 * is used for this one call and never shown, logged or kept. The post answers 303 to the result's
 * own page ({@link TryItResults}), so a reload shows the answer again and calls nothing; a form the
 * portal refuses (nothing sent) comes back at once with its status.
 */
@Path("/apis/{slug}/{version}/try")
@Produces(MediaType.TEXT_HTML)
public class TryItPage {

    static final int MAX_KEY_LENGTH = 200;

    @CheckedTemplate
    static class Templates {
        /**
         * @param errors   what is wrong with the form (nothing was sent), or empty
         * @param call     what was sent (without the key), or null
         * @param response the gateway's answer, or null
         * @param failure  why there is no answer, or null
         */
        static native TemplateInstance result(CatalogApi api, ApiDoc.Operation op, TryItForm form, String keyHeader,
                                              String baseUrl, List<String> errors, TryItCall call,
                                              RelayedResponse response, String failure);
    }

    private final CatalogLookup catalog;
    private final OpenApiReader reader;
    private final ManagementAccounts accounts;
    private final PortalSession session;
    private final GatewaySettings gateway;
    private final GatewayRelay relay;
    private final TryItThrottle throttle;
    private final TryItResults results;
    private final String keyHeader;

    public TryItPage(CatalogLookup catalog, OpenApiReader reader, @RestClient ManagementAccounts accounts,
                     PortalSession session, GatewaySettings gateway, GatewayRelay relay, TryItThrottle throttle, TryItResults results,
                     @ConfigProperty(name = "gatehouse.portal.api-key-header", defaultValue = "X-Api-Key") String keyHeader) {
        this.catalog = catalog;
        this.reader = reader;
        this.accounts = accounts;
        this.session = session;
        this.gateway = gateway;
        this.relay = relay;
        this.throttle = throttle;
        this.results = results;
        this.keyHeader = keyHeader;
    }

    /** The console's address takes form posts only: a GET (a bookmark, a reload) goes to the API's page. */
    @GET
    public Response toApiPage(@PathParam("slug") String slug, @PathParam("version") String version) {
        return SeeOther.to(UriBuilder.fromPath("/apis/{slug}/{version}").build(slug, version).toString()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@PathParam("slug") String slug, @PathParam("version") String version,
                         MultivaluedMap<String, String> fields) {
        String token = session.token().orElseThrow(PortalSession.SignedOut::new);
        // Management decides whether the session still works; an ended one goes to the login page.
        accounts.me(session.bearer());

        CatalogApi api = catalog.find(slug, version);
        ApiDoc doc = api.openapiDocument() == null ? null : readable(api);
        TryItForm form = TryItForm.of(fields);
        ApiDoc.Operation op = doc == null || form.operation() == null ? null : doc.operation(form.operation());
        if (op == null) {
            throw new NotFoundException();
        }
        String baseUrl = api.routePath() == null ? null : gateway.publicBaseOf(api.routePath());
        String key = fields.getFirst("key");
        if (api.routePath() == null || api.routeHost() != null) {
            return page(400, api, op, form, baseUrl, List.of("The console cannot call this API."), null, null, null);
        }
        if (key == null || key.isBlank()) {
            return page(400, api, op, form, baseUrl, List.of("Paste one of your application's keys."), null, null, null);
        }
        key = key.strip();
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return page(400, api, op, form, baseUrl, List.of("That is not a key: keys are one line of letters and digits."),
                    null, null, null);
        }
        if (form.bodyText().getBytes(StandardCharsets.UTF_8).length > gateway.maxRequestBytes()) {
            return page(413, api, op, form, baseUrl, List.of("The body is larger than " + gateway.maxRequestBytes() / 1024
                    + " KiB, more than the console sends. Send a smaller body."), null, null, null);
        }
        TryItCalls.Built built = TryItCalls.build(gateway.relayUrl(), api.routePath(), keyHeader, op, form,
                gateway.maxRequestBytes());
        if (!built.errors().isEmpty()) {
            return page(400, api, op, form, baseUrl, built.errors(), null, null, null);
        }
        if (!throttle.tryAcquire(token)) {
            return page(429, api, op, form, baseUrl, List.of("You have made " + gateway.callsPerMinute()
                    + " calls from the console in the last minute. Please wait a moment."), null, null, null);
        }
        TryItResults.Result result;
        try {
            result = new TryItResults.Result(api, op, form, baseUrl, built.call(), relay.send(built.call(), keyHeader, key), null);
        } catch (GatewayRelay.Unreachable e) {
            result = new TryItResults.Result(api, op, form, baseUrl, built.call(), null, e.getMessage());
        }
        String ticket = results.keep(token, result);
        return SeeOther.to(UriBuilder.fromPath("/apis/{slug}/{version}/try/{ticket}").build(slug, version, ticket).toString())
                .header("Cache-Control", "no-store").build();
    }

    /**
     * The result of a call, reached by the 303 that answered the form post: a reload shows it again
     * and calls nothing. Another session's ticket, or one older than its time: the API's page.
     */
    @GET
    @Path("/{ticket}")
    public Response result(@PathParam("slug") String slug, @PathParam("version") String version,
                           @PathParam("ticket") String ticket) {
        String token = session.token().orElseThrow(PortalSession.SignedOut::new);
        var kept = results.find(token, ticket)
                .filter(r -> r.api().slug().equals(slug) && r.api().version().equals(version));
        if (kept.isEmpty()) {
            return toApiPage(slug, version);
        }
        TryItResults.Result r = kept.get();
        return page(200, r.api(), r.operation(), r.form(), r.baseUrl(), List.of(), r.call(), r.response(), r.failure());
    }

    private ApiDoc readable(CatalogApi api) {
        try {
            return reader.read(api.openapiDocument());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private Response page(int status, CatalogApi api, ApiDoc.Operation op, TryItForm form, String baseUrl,
                          List<String> errors, TryItCall call, RelayedResponse response, String failure) {
        return Response.status(status)
                .header("Cache-Control", "no-store")
                .entity(Templates.result(api, op, form, keyHeader, baseUrl, errors, call, response, failure))
                .build();
    }
}
