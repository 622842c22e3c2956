package io.gatehouse.testing.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Drives the operations of one OpenAPI document with requests generated to their schemas and with mutated ones
 * (see {@link Mutation}), and checks three rules on every answer: no 5xx; the response conforms to the schema the
 * document gives for its status and media type (an undocumented 4xx must be an RFC 9457 problem); and a request the
 * schema forbids is not accepted with a 2xx. Everything random comes from one seed, printed in the report.
 */
public final class OpenApiFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).maxStringLength(Integer.MAX_VALUE).build())
            .build());
    private static final String FAR_FUTURE = "+1000000-01-01T00:00:00Z";
    private static final String FAR_PAST = "-1000000-01-01T00:00:00Z";
    private static final String[] CONTROLS = {"\u0000", "\u0007", "\u001b", "\u007f", "\r\n", "\u0000\u0000"};

    /**
     * Refusals the HTTP codec sends before any application code runs (URI too long, headers too large), with no body:
     * not the API's answers, so not held to its document.
     */
    private static final java.util.Set<Integer> TRANSPORT_REFUSALS = java.util.Set.of(414, 431);

    private final ApiDocument document;
    private final SchemaCheck check;
    private final JsonNode problemSchema;
    private URI base = URI.create("http://127.0.0.1:8081");
    private Function<ApiOperation, Map<String, String>> headers = op -> Map.of();
    private Function<String, List<String>> known = name -> List.of();
    private Predicate<ApiOperation> only = op -> true;
    private Duration timeout = Duration.ofSeconds(30);

    private OpenApiFuzzer(ApiDocument document) {
        this.document = document;
        this.check = new SchemaCheck(document);
        try {
            this.problemSchema = JSON.readTree("""
                    {"type":"object","required":["type","title","status"],
                     "properties":{"type":{"type":"string","format":"uri-reference"},"title":{"type":"string"},
                     "status":{"type":"integer","minimum":400,"maximum":599},"detail":{"type":"string"},
                     "instance":{"type":"string"}}}""");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OpenApiFuzzer of(ApiDocument document) {
        return new OpenApiFuzzer(document);
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:34567}. */
    public OpenApiFuzzer baseUri(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        return this;
    }

    /** The headers (credentials) each operation is called with. */
    public OpenApiFuzzer headers(Function<ApiOperation, Map<String, String>> headers) {
        this.headers = headers;
        return this;
    }

    /**
     * Values that exist, by the name of the parameter or property ({@code "id"}, {@code "apiId"}, …) and, for path
     * parameters, also by {@code "<collection>/<name>"} ({@code "apis/id"}): most requests use them.
     */
    public OpenApiFuzzer knownValues(Function<String, List<String>> known) {
        this.known = known;
        return this;
    }

    /** The operations to drive (all by default). */
    public OpenApiFuzzer only(Predicate<ApiOperation> only) {
        this.only = only;
        return this;
    }

    public FuzzReport run(FuzzSettings settings) {
        List<ApiOperation> operations = document.operations().stream().filter(only).toList();
        if (operations.isEmpty()) {
            throw new IllegalStateException("no operation to fuzz in the document");
        }
        System.out.printf("OpenAPI fuzz: seed %d, at most %d requests or %d s over %d operations (-Dgatehouse.fuzz.seed=%d replays)%n",
                settings.seed(), settings.tries(), settings.time().toSeconds(), operations.size(), settings.seed());
        FuzzReport report = new FuzzReport(settings.seed());
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        long deadline = System.nanoTime() + settings.time().toNanos();
        for (int i = 0; i < settings.tries() && System.nanoTime() < deadline; i++) {
            SplittableRandom random = seeds.split();
            ApiOperation op = operations.get(random.nextInt(operations.size()));
            FuzzRequest request = request(op, random);
            send(client, request, report);
        }
        return report;
    }

    // ---- generating and mutating

    FuzzRequest request(ApiOperation op, SplittableRandom random) {
        ValueGenerator values = new ValueGenerator(document, name -> {
            List<String> k = known.apply(name);
            return k == null ? List.of() : k;
        });
        Map<ApiOperation.Parameter, String> params = new LinkedHashMap<>();
        String[] segments = op.path().split("/");
        for (ApiOperation.Parameter p : op.parameters()) {
            if (!p.required() && random.nextInt(3) == 0) {
                continue;
            }
            String name = p.name();
            if ("path".equals(p.in())) {
                for (int s = 1; s < segments.length; s++) {
                    if (segments[s].equals("{" + p.name() + "}")) {
                        name = segments[s - 1] + "/" + p.name();
                    }
                }
                List<String> ids = known.apply(name);
                if (ids != null && !ids.isEmpty() && random.nextInt(4) > 0) {
                    params.put(p, ids.get(random.nextInt(ids.size())));
                    continue;
                }
            }
            JsonNode v = values.value(p.schema(), p.name(), random, 1);
            params.put(p, v.isTextual() ? v.asText() : v.isArray() ? (v.size() == 0 ? "" : v.get(0).asText()) : v.toString());
        }
        JsonNode body = null;
        if (op.body() != null && (op.body().required() || random.nextInt(4) > 0)) {
            body = values.value(op.body().schema(), null, random, 0);
        }
        Mutation mutation = random.nextInt(2) == 0 ? null : Mutation.values()[random.nextInt(Mutation.values().length)];
        String text = body == null ? null : body.toString();
        Boolean forbiddenByConstruction = null;
        String where = "";
        if (mutation != null) {
            boolean onBody = body != null && (params.isEmpty() || random.nextInt(3) > 0);
            if (onBody) {
                List<Slot> slots = new ArrayList<>();
                slots(body, op.body().schema(), slots, 0);
                Mutated m = mutateBody(mutation, body, op.body().schema(), slots, random);
                if (m == null) {
                    mutation = null;
                } else {
                    text = m.text;
                    forbiddenByConstruction = m.forbidden;
                    body = m.node;
                    where = m.where;
                }
            } else if (!op.parameters().isEmpty()) {
                where = mutateParams(mutation, op, params, random);
                if (where == null) {
                    mutation = null;
                    where = "";
                }
            } else {
                mutation = null;
            }
        }
        boolean forbidden;
        if (forbiddenByConstruction != null) {
            forbidden = forbiddenByConstruction;
        } else {
            forbidden = !violations(op, params, body, text).isEmpty();
        }
        StringBuilder path = new StringBuilder();
        String template = op.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> headerValues = new LinkedHashMap<>(headers.apply(op));
        for (Map.Entry<ApiOperation.Parameter, String> e : params.entrySet()) {
            ApiOperation.Parameter p = e.getKey();
            switch (p.in()) {
                case "path" -> template = template.replace("{" + p.name() + "}", FuzzRequest.encode(e.getValue()));
                case "query" -> query.append(query.length() == 0 ? '?' : '&').append(FuzzRequest.encode(p.name())).append('=')
                        .append(FuzzRequest.encode(e.getValue()));
                case "header" -> headerValues.put(p.name(), e.getValue());
                default -> {
                }
            }
        }
        // A path parameter the mutation left out still needs a segment on the wire: an empty one.
        template = template.replaceAll("\\{[^}/]+}", "");
        path.append(template).append(query);
        String contentType = op.body() == null ? null : op.body().mediaType();
        return new FuzzRequest(op, op.method(), path.toString(), headerValues, text == null ? null : contentType, text,
                mutation == null ? null : mutation + where, forbidden);
    }

    private List<String> violations(ApiOperation op, Map<ApiOperation.Parameter, String> params, JsonNode body, String text) {
        List<String> out = new ArrayList<>();
        for (ApiOperation.Parameter p : op.parameters()) {
            String raw = params.get(p);
            if (raw == null) {
                if (p.required()) {
                    out.add(p.name() + " missing");
                }
                continue;
            }
            check.violations(p.schema(), parameterNode(p.schema(), raw)).forEach(v -> out.add(p.name() + ": " + v));
        }
        if (op.body() != null) {
            if (text == null) {
                if (op.body().required()) {
                    out.add("body missing");
                }
            } else if (body == null) {
                out.add("body is not JSON");
            } else {
                out.addAll(check.violations(op.body().schema(), body));
            }
        }
        return out;
    }

    private JsonNode parameterNode(JsonNode schema, String raw) {
        JsonNode s = document.resolve(schema);
        String type = ValueGenerator.type(s);
        try {
            switch (type) {
                case "integer", "number":
                    if (raw.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                        return JSON.readTree(raw);
                    }
                    break;
                case "boolean":
                    if (raw.equals("true") || raw.equals("false")) {
                        return ValueGenerator.JSON.booleanNode(Boolean.parseBoolean(raw));
                    }
                    break;
                case "array":
                    ArrayNode a = ValueGenerator.JSON.arrayNode();
                    a.add(parameterNode(s.path("items"), raw));
                    return a;
                default:
                    break;
            }
        } catch (IOException e) {
            // falls through: the raw text is what was sent
        }
        return ValueGenerator.JSON.textNode(raw);
    }

    private String mutateParams(Mutation mutation, ApiOperation op, Map<ApiOperation.Parameter, String> params, SplittableRandom random) {
        // Leaving a path parameter out names another resource (/apis/{id} becomes /apis/), not a broken request.
        List<ApiOperation.Parameter> candidates = op.parameters().stream().filter(p -> !"header".equals(p.in()))
                .filter(p -> mutation != Mutation.MISSING_REQUIRED || !"path".equals(p.in())).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        ApiOperation.Parameter p = candidates.get(random.nextInt(candidates.size()));
        String value = params.getOrDefault(p, "");
        JsonNode s = document.resolve(p.schema());
        switch (mutation) {
            case CONTROL_CHARACTERS -> params.put(p, insert(value, CONTROLS[random.nextInt(CONTROLS.length)], random));
            // Long enough to hurt, short enough for the request line limit (4,096 bytes), so the application sees it.
            case HUGE_STRING -> params.put(p, "q".repeat(1_500 + random.nextInt(2_000)));
            case FAR_INSTANT -> params.put(p, random.nextBoolean() ? FAR_FUTURE : FAR_PAST);
            case WRONG_TYPE -> params.put(p, ValueGenerator.type(s).equals("string") ? "[1,{}]" : "not-a-number");
            case UNKNOWN_ENUM -> params.put(p, "NOT_AN_ENUM_" + random.nextInt(100));
            case MISSING_REQUIRED -> params.remove(p);
            case NULL_VALUE -> params.put(p, "null");
            case DEEP_NESTING -> params.put(p, "[".repeat(500) + "]".repeat(500));
            case DUPLICATE_KEYS, TRUNCATED_JSON -> params.put(p, value + "%");
        }
        return " on parameter " + p.name();
    }

    private record Slot(JsonNode parent, String key, int index, JsonNode schema) {
        JsonNode get() {
            return key != null ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        String name() {
            return key != null ? key : "[" + index + "]";
        }
    }

    private record Mutated(JsonNode node, String text, Boolean forbidden, String where) {
    }

    private void slots(JsonNode node, JsonNode schema, List<Slot> out, int depth) {
        if (depth > 8) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                JsonNode propertySchema = property(schema, e.getKey());
                out.add(new Slot(node, e.getKey(), -1, propertySchema));
                slots(e.getValue(), propertySchema, out, depth + 1);
            });
        } else if (node.isArray()) {
            JsonNode items = document.resolve(schema).path("items");
            for (int i = 0; i < node.size(); i++) {
                out.add(new Slot(node, null, i, items));
                slots(node.get(i), items, out, depth + 1);
            }
        }
    }

    private JsonNode property(JsonNode schema, String key) {
        JsonNode s = document.resolve(schema);
        if (s.path("properties").has(key)) {
            return s.path("properties").get(key);
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : s.path(combinator)) {
                JsonNode p = property(part, key);
                if (!p.isMissingNode()) {
                    return p;
                }
            }
        }
        return s.path("additionalProperties").isObject() ? s.get("additionalProperties") : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private Mutated mutateBody(Mutation mutation, JsonNode body, JsonNode schema, List<Slot> slots, SplittableRandom random) {
        List<Slot> strings = slots.stream().filter(s -> s.get().isTextual()).toList();
        switch (mutation) {
            case CONTROL_CHARACTERS, HUGE_STRING, FAR_INSTANT -> {
                List<Slot> pool = strings;
                if (mutation == Mutation.FAR_INSTANT) {
                    List<Slot> instants = strings.stream().filter(s -> "date-time".equals(document.resolve(s.schema()).path("format").asText())).toList();
                    if (!instants.isEmpty()) {
                        pool = instants;
                    }
                }
                if (pool.isEmpty()) {
                    return null;
                }
                Slot slot = pool.get(random.nextInt(pool.size()));
                String value = slot.get().asText();
                slot.set(ValueGenerator.JSON.textNode(switch (mutation) {
                    case CONTROL_CHARACTERS -> insert(value, CONTROLS[random.nextInt(CONTROLS.length)], random);
                    case HUGE_STRING -> "x".repeat(100_000 + random.nextInt(200_000));
                    default -> random.nextBoolean() ? FAR_FUTURE : FAR_PAST;
                }));
                return new Mutated(body, body.toString(), null, " at " + slot.name());
            }
            case WRONG_TYPE -> {
                if (slots.isEmpty()) {
                    JsonNode wrong = body.isObject() ? ValueGenerator.JSON.arrayNode() : ValueGenerator.JSON.objectNode();
                    return new Mutated(wrong, wrong.toString(), null, " of the body");
                }
                Slot slot = slots.get(random.nextInt(slots.size()));
                JsonNode v = slot.get();
                JsonNode wrong;
                if (v.isTextual()) {
                    wrong = random.nextBoolean() ? ValueGenerator.JSON.numberNode(random.nextInt(1000)) : ValueGenerator.JSON.booleanNode(true);
                } else if (v.isNumber()) {
                    wrong = random.nextBoolean() ? ValueGenerator.JSON.textNode(v.asText()) : ValueGenerator.JSON.booleanNode(false);
                } else if (v.isBoolean()) {
                    wrong = random.nextBoolean() ? ValueGenerator.JSON.textNode(v.asText()) : ValueGenerator.JSON.numberNode(1);
                } else if (v.isArray()) {
                    wrong = ValueGenerator.JSON.objectNode().put("0", "a");
                } else {
                    wrong = ValueGenerator.JSON.arrayNode().add(v);
                }
                slot.set(wrong);
                return new Mutated(body, body.toString(), null, " at " + slot.name());
            }
            case UNKNOWN_ENUM -> {
                List<Slot> enums = slots.stream().filter(s -> document.resolve(s.schema()).has("enum")).toList();
                List<Slot> pool = enums.isEmpty() ? strings : enums;
                if (pool.isEmpty()) {
                    return null;
                }
                Slot slot = pool.get(random.nextInt(pool.size()));
                slot.set(ValueGenerator.JSON.textNode(random.nextBoolean() ? "NOT_AN_ENUM" : slot.get().asText().toUpperCase() + "_X"));
                return new Mutated(body, body.toString(), null, " at " + slot.name());
            }
            case DUPLICATE_KEYS -> {
                if (!body.isObject() || body.isEmpty()) {
                    return null;
                }
                String first = body.fieldNames().next();
                String text = body.toString();
                String dup = text.substring(0, text.length() - 1) + "," + JSON.valueToTree(first) + ":" + body.get(first) + "}";
                return new Mutated(null, dup, true, " of " + first);
            }
            case DEEP_NESTING -> {
                int depth = 2_000 + random.nextInt(8_000);
                String deep = "[".repeat(depth) + "]".repeat(depth);
                if (slots.isEmpty() || random.nextInt(4) == 0) {
                    return new Mutated(null, deep, true, " as the body (" + depth + " deep)");
                }
                Slot slot = slots.get(random.nextInt(slots.size()));
                slot.set(ValueGenerator.JSON.textNode("\u0001DEEP\u0001"));
                String text = body.toString().replace("\"\\u0001DEEP\\u0001\"", deep);
                JsonNode s = document.resolve(slot.schema());
                boolean anything = s.isMissingNode() || s.isEmpty() || (s.size() == 1 && s.has("description"));
                return new Mutated(null, text, !anything, " at " + slot.name() + " (" + depth + " deep)");
            }
            case MISSING_REQUIRED -> {
                JsonNode s = document.resolve(schema);
                if (!body.isObject() || !s.has("required") || s.get("required").isEmpty()) {
                    return new Mutated(null, null, null, " (no body)");
                }
                String name = s.get("required").get(random.nextInt(s.get("required").size())).asText();
                ((ObjectNode) body).remove(name);
                return new Mutated(body, body.toString(), null, " " + name);
            }
            case NULL_VALUE -> {
                if (slots.isEmpty() || random.nextBoolean()) {
                    return new Mutated(ValueGenerator.JSON.nullNode(), "null", null, " as the body");
                }
                Slot slot = slots.get(random.nextInt(slots.size()));
                slot.set(ValueGenerator.JSON.nullNode());
                return new Mutated(body, body.toString(), null, " at " + slot.name());
            }
            case TRUNCATED_JSON -> {
                String text = body.toString();
                if (text.length() < 2) {
                    return null;
                }
                return new Mutated(null, text.substring(0, 1 + random.nextInt(text.length() - 1)), true, "");
            }
            default -> {
                return null;
            }
        }
    }

    private static String insert(String value, String what, SplittableRandom random) {
        int at = value.isEmpty() ? 0 : random.nextInt(value.length() + 1);
        return value.substring(0, at) + what + value.substring(at);
    }

    // ---- sending and checking

    private void send(HttpClient client, FuzzRequest request, FuzzReport report) {
        String curl = request.curl(base.toString());
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + request.pathAndQuery())).timeout(timeout);
            request.headers().forEach(b::header);
            if (request.contentType() != null) {
                b.header("Content-Type", request.contentType());
            }
            b.header("Accept", "application/json, application/problem+json;q=0.9, */*;q=0.1");
        } catch (IllegalArgumentException e) {
            // A value java.net.http refuses to put on the wire (a control character in a header): nothing was sent.
            return;
        }
        b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        HttpResponse<String> response = null;
        IOException failure = null;
        // Twice at most: a kept-alive connection the server closed after the previous answer is not this request's fault.
        for (int attempt = 0; attempt < 2 && response == null; attempt++) {
            try {
                response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (response == null) {
            report.fail(new FuzzReport.Failure("no answer", request.operation().name(), 0, String.valueOf(failure), curl));
            return;
        }
        int status = response.statusCode();
        report.sent(request, status);
        String what = request.mutation() == null ? "generated" : request.mutation();
        if (status >= 500) {
            report.fail(new FuzzReport.Failure("5xx", request.operation().name(), status, what + "; " + shorten(response.body()), curl));
            return;
        }
        if (request.forbidden() && status >= 200 && status < 300) {
            report.fail(new FuzzReport.Failure("forbidden request accepted", request.operation().name(), status, what, curl));
        }
        String problem = conformance(request.operation(), response);
        if (problem != null) {
            report.fail(new FuzzReport.Failure("response breaks its schema", request.operation().name(), status,
                    what + "; " + problem + "; body " + shorten(response.body()), curl));
        }
    }

    private String conformance(ApiOperation op, HttpResponse<String> response) {
        int status = response.statusCode();
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim().toLowerCase()).orElse(null);
        Map<String, JsonNode> documented = op.responses().get(String.valueOf(status));
        if (documented == null) {
            documented = op.responses().get(status / 100 + "XX");
        }
        if (documented == null) {
            documented = op.responses().get("default");
        }
        String body = response.body();
        JsonNode parsed = null;
        if (mediaType != null && mediaType.contains("json") && body != null && !body.isEmpty()) {
            try {
                parsed = JSON.readTree(body);
            } catch (IOException e) {
                return "the " + mediaType + " body is not JSON";
            }
        }
        if ("application/problem+json".equals(mediaType) && parsed != null) {
            List<String> v = check.violations(problemSchema, parsed);
            if (!v.isEmpty()) {
                return "not an RFC 9457 problem: " + v;
            }
            if (parsed.path("status").asInt() != status) {
                return "problem status " + parsed.path("status") + " on a " + status;
            }
        }
        if (documented == null) {
            if (TRANSPORT_REFUSALS.contains(status) && (body == null || body.isEmpty())) {
                return null;
            }
            if (status >= 400) {
                return "application/problem+json".equals(mediaType) ? null : "an undocumented " + status + " that is not a problem (" + mediaType + ")";
            }
            return "status " + status + " is not documented (documented: " + op.responses().keySet() + ")";
        }
        if (documented.isEmpty()) {
            return null;
        }
        if (mediaType == null) {
            if (body == null || body.isEmpty()) {
                return status == 204 ? null : "no body, documented " + documented.keySet();
            }
            return "no Content-Type, documented " + documented.keySet();
        }
        JsonNode schema = null;
        boolean listed = false;
        for (Map.Entry<String, JsonNode> e : documented.entrySet()) {
            if (e.getKey().split(";")[0].trim().equalsIgnoreCase(mediaType) || e.getKey().equals("*/*")) {
                listed = true;
                schema = e.getValue();
            }
        }
        if (!listed) {
            if (status >= 400 && "application/problem+json".equals(mediaType)) {
                return null;
            }
            return "media type " + mediaType + " is not documented for " + status + " (documented " + documented.keySet() + ")";
        }
        if (schema == null || parsed == null) {
            return null;
        }
        List<String> v = check.violations(schema, parsed);
        return v.isEmpty() ? null : v.size() > 5 ? v.subList(0, 5) + " and " + (v.size() - 5) + " more" : v.toString();
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
