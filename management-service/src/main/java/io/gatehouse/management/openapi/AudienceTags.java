package io.gatehouse.management.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tags every operation of {@code /q/openapi} with the audience it is for, taken from its path: the
 * admin API, the developer API or the internal API (gateways and billing). The path already decides
 * who may call an operation (each prefix has its own credentials), so it decides the tag too, and a
 * new endpoint is tagged without anyone remembering to. An operation under none of the prefixes keeps
 * no tag, which {@code OpenApiDocumentTest} refuses.
 */
public class AudienceTags implements OASFilter {

    /** Path prefix → tag name, and what the tag's readers need to know. */
    enum Audience {
        ADMIN("/admin/v1/", "admin", "Admin API: the catalog, plans, partners, keys, analytics, billing and the audit log. "
                + "An OIDC bearer token of the Gatehouse realm (or the bootstrap admin token); what each role may do is in the role matrix."),
        DEVELOPER("/developer/v1/", "developer", "Developer API behind the developer portal: the public catalog, partner accounts, "
                + "their applications, subscriptions, keys and usage. A developer session token (gds_…) from POST /developer/v1/sessions."),
        INTERNAL("/internal/v1/", "internal", "Internal API for Gatehouse's own services: the gateways' config snapshots "
                + "(gateway token) and billing-metering's plans feed (billing token). Not for API users.");

        final String prefix;
        final String tag;
        final String description;

        Audience(String prefix, String tag, String description) {
            this.prefix = prefix;
            this.tag = tag;
            this.description = description;
        }

        static Audience of(String path) {
            for (Audience a : values()) {
                if (path.startsWith(a.prefix)) {
                    return a;
                }
            }
            return null;
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> entry : openAPI.getPaths().getPathItems().entrySet()) {
            Audience audience = Audience.of(entry.getKey());
            for (Operation operation : entry.getValue().getOperations().values()) {
                operation.setTags(audience == null ? null : new ArrayList<>(List.of(audience.tag)));
            }
        }
        List<Tag> tags = new ArrayList<>();
        for (Audience a : Audience.values()) {
            tags.add(OASFactory.createTag().name(a.tag).description(a.description));
        }
        openAPI.setTags(tags);
    }
}
