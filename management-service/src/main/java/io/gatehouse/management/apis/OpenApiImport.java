package io.gatehouse.management.apis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.UUID;

/**
 * Creates an API from an OpenAPI 3.0 or 3.1 document (JSON or YAML): name, version and
 * description from {@code info}, the upstream from {@code servers[0].url}, the route from that
 * URL's path; the caller may give the route and the upstream instead. The document is stored as
 * given. Every refusal names the field of the document (or parameter) that is wrong. The same checks guard a
 * document attached to an existing API ({@link #attachDocument}), which changes nothing but the document.
 */
@ApplicationScoped
public class OpenApiImport {

    /** Request options of an import; each null unless given. */
    public record Options(String routePath, String upstreamUrl, String slug) {
    }

    private static final int MAX_DESCRIPTION = 10_000;

    private final ApiService apis;
    private final ObjectMapper json;
    private final YAMLMapper yaml = new YAMLMapper();
    private final Validator validator;

    public OpenApiImport(ApiService apis, ObjectMapper json, Validator validator) {
        this.apis = apis;
        this.json = json;
        this.validator = validator;
    }

    /** @param isJson whether the body was sent as JSON; otherwise it is read as YAML (which JSON also is) */
    public ApiView importDocument(String document, boolean isJson, Options options) {
        ApiRequests.Create request = toRequest(read(document, isJson), options);
        Set<ConstraintViolation<ApiRequests.Create>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return apis.create(request, document);
    }

    JsonNode read(String document, boolean isJson) {
        if (document == null || document.isBlank()) {
            throw ApiProblem.invalidField("document", "is empty: send an OpenAPI 3.0 or 3.1 document as JSON or YAML");
        }
        JsonNode root;
        try {
            root = (isJson ? json : yaml).readTree(document);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw ApiProblem.invalidField("document", "is not valid " + (isJson ? "JSON" : "YAML or JSON") + where);
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.invalidField("document", "must be an OpenAPI object");
        }
        return root;
    }

    /**
     * Attaches the document to an existing API, replacing the one it had (or giving it its first). The document is
     * checked as an import checks it ({@code openapi} 3.0/3.1, {@code info.title}, {@code info.version}); its
     * servers are not required and change nothing: routes, upstreams, name and version stay as they are.
     *
     * @param isJson whether the body was sent as JSON; otherwise it is read as YAML (which JSON also is)
     */
    public ApiView attachDocument(UUID apiId, String document, boolean isJson) {
        info(read(document, isJson));
        return apis.replaceOpenapiDocument(apiId, document);
    }

    /** What an import takes from {@code info}, checked. */
    record Info(String title, String version, String description) {
    }

    /** Checks {@code openapi} and {@code info} as every stored document must have them; names the wrong field. */
    static Info info(JsonNode doc) {
        String openapi = text("openapi", doc.get("openapi"));
        if (openapi == null) {
            throw ApiProblem.invalidField("openapi", doc.has("swagger")
                    ? "Swagger 2.0 is not supported: convert the document to OpenAPI 3"
                    : "is missing: only OpenAPI 3.0 and 3.1 documents can be imported");
        }
        if (!openapi.matches("3\\.[01](\\..*)?")) {
            throw ApiProblem.invalidField("openapi", "'" + openapi + "' is not supported: use OpenAPI 3.0 or 3.1");
        }
        JsonNode info = doc.get("info");
        if (info == null || !info.isObject()) {
            throw ApiProblem.invalidField("info", "is missing");
        }
        String title = text("info.title", info.get("title"));
        if (title == null || title.isBlank()) {
            throw ApiProblem.invalidField("info.title", "is missing");
        }
        String version = text("info.version", info.get("version"));
        if (version == null || version.isBlank()) {
            throw ApiProblem.invalidField("info.version", "is missing");
        }
        version = version.trim();
        if (!version.matches("^[A-Za-z0-9._-]{1,40}$")) {
            throw ApiProblem.invalidField("info.version", "'" + version + "' cannot name an API version: use up to 40 letters, digits, '.', '_' and '-'");
        }
        String description = text("info.description", info.get("description"));
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
        return new Info(title.trim(), version, description);
    }

    static ApiRequests.Create toRequest(JsonNode doc, Options options) {
        Info info = info(doc);
        String serverUrl = null;
        JsonNode servers = doc.get("servers");
        if (servers != null && servers.isArray() && !servers.isEmpty()) {
            serverUrl = text("servers[0].url", servers.get(0).get("url"));
        }
        URI server = serverUrl == null ? null : uri(serverUrl);
        String upstream = blankToNull(options.upstreamUrl());
        if (upstream == null) {
            if (server == null || server.getScheme() == null || server.getHost() == null) {
                throw ApiProblem.invalidField("servers[0].url", serverUrl == null
                        ? "is missing: give upstreamUrl, or a server with an absolute http(s) URL"
                        : "'" + serverUrl + "' is not an absolute http(s) URL: give upstreamUrl");
            }
            upstream = serverUrl;
        }
        String route = blankToNull(options.routePath());
        if (route == null) {
            String path = server == null ? null : server.getPath();
            if (path == null || path.isBlank() || path.equals("/")) {
                throw ApiProblem.invalidField("routePath", "is needed: the document's first server URL has no path to route on");
            }
            route = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
        return new ApiRequests.Create(info.title(), blankToNull(options.slug()), info.version(), info.description(), null,
                route, upstream, null, null, null, null, null, null, null);
    }

    private static URI uri(String s) {
        try {
            return new URI(s.trim());
        } catch (URISyntaxException e) {
            throw ApiProblem.invalidField("servers[0].url", "'" + s + "' is not a valid URL");
        }
    }

    private static String text(String field, JsonNode n) {
        String text = n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
        String refusal = ClientInput.textRefusal(text);
        if (refusal != null) {
            throw ApiProblem.invalidField(field, refusal);
        }
        return text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
