package io.gatehouse.portal.docs;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.portal.docs.ApiDoc.Body;
import io.gatehouse.portal.docs.ApiDoc.Example;
import io.gatehouse.portal.docs.ApiDoc.Media;
import io.gatehouse.portal.docs.ApiDoc.Operation;
import io.gatehouse.portal.docs.ApiDoc.Parameter;
import io.gatehouse.portal.docs.ApiDoc.Reply;
import io.gatehouse.portal.docs.ApiDoc.SchemaLine;
import io.gatehouse.portal.docs.ApiDoc.SecurityScheme;
import io.gatehouse.portal.docs.ApiDoc.Server;
import io.gatehouse.portal.docs.ApiDoc.TagGroup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) into the {@link ApiDoc} the page shows:
 * operations grouped by tag, parameters (path-level and operation-level, local {@code $ref}s
 * resolved), request bodies and responses per media type with a schema outline and examples,
 * and the security schemes. Descriptions go through {@link Markdown}. External {@code $ref}s are
 * shown by name, not fetched.
 */
@ApplicationScoped
public class OpenApiReader {

    /** The document cannot be read as OpenAPI 3.0/3.1; the message says why, for the log. */
    public static class UnreadableDocument extends RuntimeException {
        UnreadableDocument(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_SCHEMA_DEPTH = 6;
    static final int MAX_SCHEMA_LINES = 200;
    private static final int MAX_EXAMPLE_LENGTH = 10_000;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String UNTAGGED = "Other operations";

    private final Markdown markdown;
    private final ObjectMapper json = new ObjectMapper();
    private final YAMLMapper yaml = new YAMLMapper();

    public OpenApiReader(Markdown markdown) {
        this.markdown = markdown;
    }

    public ApiDoc read(String document) {
        JsonNode root = parse(document);
        String version = root.path("openapi").asText("");
        if (!version.matches("3\\.[01](\\..*)?")) {
            throw new UnreadableDocument("not an OpenAPI 3.0 or 3.1 document (openapi: '" + version + "')");
        }
        return new Reading(root).doc(version);
    }

    private JsonNode parse(String document) {
        if (document == null || document.isBlank()) {
            throw new UnreadableDocument("empty document");
        }
        JsonNode root;
        try {
            root = (document.stripLeading().startsWith("{") ? json : yaml).readTree(document);
        } catch (JsonProcessingException e) {
            throw new UnreadableDocument("not JSON or YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableDocument("not an object");
        }
        return root;
    }

    /** One reading of one document: holds the root for resolving {@code $ref}s. */
    private final class Reading {
        private final JsonNode root;

        Reading(JsonNode root) {
            this.root = root;
        }

        ApiDoc doc(String version) {
            JsonNode info = root.path("info");
            List<Server> servers = new ArrayList<>();
            for (JsonNode s : root.path("servers")) {
                servers.add(new Server(text(s.get("url")), markdown.toHtml(text(s.get("description")))));
            }
            return new ApiDoc(text(info.get("title")), version, markdown.toHtml(text(info.get("description"))),
                    servers, securitySchemes(), tagGroups());
        }

        private List<SecurityScheme> securitySchemes() {
            List<SecurityScheme> schemes = new ArrayList<>();
            root.path("components").path("securitySchemes").fields().forEachRemaining(e -> {
                JsonNode s = resolve(e.getValue());
                schemes.add(new SecurityScheme(e.getKey(), securitySummary(s), markdown.toHtml(text(s.get("description")))));
            });
            return schemes;
        }

        private String securitySummary(JsonNode s) {
            String type = s.path("type").asText("");
            return switch (type) {
                case "apiKey" -> "API key in the " + s.path("in").asText("header") + " " + s.path("name").asText("?");
                case "http" -> "HTTP " + s.path("scheme").asText("") + (s.has("bearerFormat") ? " (" + s.path("bearerFormat").asText() + ")" : "");
                case "oauth2" -> "OAuth 2.0";
                case "openIdConnect" -> "OpenID Connect";
                case "mutualTLS" -> "Mutual TLS";
                default -> type;
            };
        }

        private List<TagGroup> tagGroups() {
            Map<String, List<Operation>> byTag = new LinkedHashMap<>();
            Map<String, String> tagDescriptions = new LinkedHashMap<>();
            for (JsonNode t : root.path("tags")) {
                String name = text(t.get("name"));
                if (name != null) {
                    byTag.put(name, new ArrayList<>());
                    tagDescriptions.put(name, text(t.get("description")));
                }
            }
            root.path("paths").fields().forEachRemaining(p -> {
                JsonNode item = resolve(p.getValue());
                for (String method : METHODS) {
                    JsonNode op = item.get(method);
                    if (op == null || !op.isObject()) {
                        continue;
                    }
                    Operation operation = operation(method, p.getKey(), item, op);
                    List<String> tags = new ArrayList<>();
                    op.path("tags").forEach(t -> tags.add(t.asText()));
                    if (tags.isEmpty()) {
                        tags.add(UNTAGGED);
                    }
                    tags.forEach(t -> byTag.computeIfAbsent(t, k -> new ArrayList<>()).add(operation));
                }
            });
            List<TagGroup> groups = new ArrayList<>();
            byTag.forEach((tag, ops) -> {
                if (!ops.isEmpty()) {
                    groups.add(new TagGroup(tag, anchor("tag-" + tag), markdown.toHtml(tagDescriptions.get(tag)), ops));
                }
            });
            return groups;
        }

        private Operation operation(String method, String path, JsonNode item, JsonNode op) {
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            for (JsonNode source : List.of(item.path("parameters"), op.path("parameters"))) {
                for (JsonNode raw : source) {
                    JsonNode p = resolve(raw);
                    String name = p.path("name").asText("?");
                    String in = p.path("in").asText("?");
                    JsonNode schema = resolve(p.path("schema"));
                    JsonNode example = p.has("example") ? p.get("example") : schema.get("example");
                    parameters.put(in + ":" + name, new Parameter(name, in, p.path("required").asBoolean(false),
                            p.has("schema") ? typeOf(p.path("schema")) : "see content",
                            markdown.toHtml(text(p.get("description"))), example == null ? null : exampleText(example)));
                }
            }
            Body body = null;
            if (op.has("requestBody")) {
                JsonNode b = resolve(op.get("requestBody"));
                body = new Body(b.path("required").asBoolean(false), markdown.toHtml(text(b.get("description"))), media(b));
            }
            List<Reply> replies = new ArrayList<>();
            op.path("responses").fields().forEachRemaining(r -> {
                JsonNode reply = resolve(r.getValue());
                replies.add(new Reply(r.getKey(), markdown.toHtml(text(reply.get("description"))), media(reply)));
            });
            return new Operation(method.toUpperCase(Locale.ROOT), path, anchor("op-" + method + "-" + path),
                    text(op.get("summary")), markdown.toHtml(text(op.get("description"))),
                    op.path("deprecated").asBoolean(false), List.copyOf(parameters.values()), body, replies);
        }

        private List<Media> media(JsonNode holder) {
            List<Media> media = new ArrayList<>();
            holder.path("content").fields().forEachRemaining(c -> {
                JsonNode m = c.getValue();
                List<SchemaLine> outline = new ArrayList<>();
                if (m.has("schema")) {
                    outline(m.get("schema"), null, false, 0, new HashSet<>(), outline);
                }
                List<Example> examples = new ArrayList<>();
                if (m.has("example")) {
                    examples.add(new Example("example", exampleText(m.get("example"))));
                }
                m.path("examples").fields().forEachRemaining(e -> {
                    JsonNode ex = resolve(e.getValue());
                    String value = ex.has("value") ? exampleText(ex.get("value"))
                            : ex.has("externalValue") ? "see " + ex.get("externalValue").asText() : null;
                    if (value != null) {
                        examples.add(new Example(e.getKey(), value));
                    }
                });
                if (examples.isEmpty() && resolve(m.path("schema")).has("example")) {
                    examples.add(new Example("example", exampleText(resolve(m.path("schema")).get("example"))));
                }
                media.add(new Media(c.getKey(), outline, examples));
            });
            return media;
        }

        /** Appends the schema and its properties, depth first, as lines; refs on the current path stop recursion. */
        private void outline(JsonNode raw, String name, boolean required, int depth, Set<String> refsOnPath, List<SchemaLine> out) {
            if (out.size() >= MAX_SCHEMA_LINES || raw == null || !raw.isObject()) {
                return;
            }
            String ref = text(raw.get("$ref"));
            if (ref != null && refsOnPath.contains(ref)) {
                out.add(new SchemaLine(depth, name, refName(ref) + " (see above)", required, null));
                return;
            }
            JsonNode schema = resolve(raw);
            out.add(new SchemaLine(depth, name, typeOf(raw), required, plain(text(schema.get("description")))));
            if (depth >= MAX_SCHEMA_DEPTH) {
                return;
            }
            if (ref != null) {
                refsOnPath.add(ref);
            }
            properties(schema, depth, refsOnPath, out);
            for (JsonNode part : schema.path("allOf")) {
                properties(resolve(part), depth, refsOnPath, out);
            }
            for (String combinator : List.of("oneOf", "anyOf")) {
                int i = 1;
                for (JsonNode part : schema.path(combinator)) {
                    outline(part, "option " + i++, false, depth + 1, refsOnPath, out);
                }
            }
            if (schema.has("items")) {
                outline(schema.get("items"), "items", false, depth + 1, refsOnPath, out);
            }
            if (schema.path("additionalProperties").isObject()) {
                outline(schema.get("additionalProperties"), "{any key}", false, depth + 1, refsOnPath, out);
            }
            if (ref != null) {
                refsOnPath.remove(ref);
            }
        }

        private void properties(JsonNode schema, int depth, Set<String> refsOnPath, List<SchemaLine> out) {
            Set<String> requiredNames = new HashSet<>();
            schema.path("required").forEach(r -> requiredNames.add(r.asText()));
            schema.path("properties").fields().forEachRemaining(p ->
                    outline(p.getValue(), p.getKey(), requiredNames.contains(p.getKey()), depth + 1, refsOnPath, out));
        }

        /** "string (date-time)", "integer | null", "Charge (object)", "string: a | b", "array of Charge". */
        private String typeOf(JsonNode raw) {
            return typeOf(raw, 0);
        }

        private String typeOf(JsonNode raw, int nesting) {
            String ref = text(raw.get("$ref"));
            if (ref != null && nesting > 0) {
                // Inside "array of": the name is enough, and a self-referencing array cannot loop.
                return refName(ref);
            }
            JsonNode schema = resolve(raw);
            String type;
            JsonNode t = schema.get("type");
            if (t != null && t.isArray()) {
                List<String> types = new ArrayList<>();
                t.forEach(x -> types.add(x.asText()));
                type = String.join(" | ", types);
            } else if (t != null) {
                type = t.asText();
            } else if (schema.has("properties")) {
                type = "object";
            } else if (schema.has("allOf")) {
                type = "all of";
            } else if (schema.has("oneOf")) {
                type = "one of";
            } else if (schema.has("anyOf")) {
                type = "any of";
            } else {
                type = "any";
            }
            if ("array".equals(type) && schema.has("items")) {
                type = nesting < 3 ? "array of " + typeOf(schema.get("items"), nesting + 1) : "array";
            }
            if (schema.has("format")) {
                type += " (" + schema.get("format").asText() + ")";
            }
            if (schema.path("nullable").asBoolean(false)) {
                type += " | null";
            }
            if (schema.path("enum").isArray()) {
                List<String> values = new ArrayList<>();
                schema.get("enum").forEach(v -> values.add(v.asText()));
                type += ": " + String.join(" | ", values.subList(0, Math.min(values.size(), 20)));
            }
            return ref == null ? type : refName(ref) + " (" + type + ")";
        }

        /** A local {@code $ref} resolved (one level per call, chains followed up to 10); anything else as given. */
        private JsonNode resolve(JsonNode node) {
            for (int hops = 0; hops < 10 && node != null && node.has("$ref"); hops++) {
                String ref = node.get("$ref").asText();
                if (!ref.startsWith("#/")) {
                    return node;
                }
                JsonNode target;
                try {
                    target = root.at(JsonPointer.compile(ref.substring(1)));
                } catch (IllegalArgumentException badPointer) {
                    return node;
                }
                if (target.isMissingNode()) {
                    return node;
                }
                node = target;
            }
            return node == null ? json.missingNode() : node;
        }
    }

    private String exampleText(JsonNode value) {
        String text;
        if (value.isTextual()) {
            text = value.asText();
        } else {
            try {
                text = json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
            } catch (JsonProcessingException e) {
                text = value.toString();
            }
        }
        return text.length() > MAX_EXAMPLE_LENGTH ? text.substring(0, MAX_EXAMPLE_LENGTH) + "…" : text;
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** A short description shown in a table cell: CommonMark source as plain text (Qute escapes it). */
    private static String plain(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String anchor(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }
}
