package io.gatehouse.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;

/**
 * Values that a schema allows, drawn from a seeded {@link SplittableRandom}: the same seed gives the same values.
 * Strings named like identifiers are sometimes taken from {@code known} (ids of resources that exist), so requests
 * reach real resources as well as missing ones.
 */
final class ValueGenerator {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] WORDS = {"alpha", "Payments", "weather", "Acme GmbH", "x", "Übergröße", "日本", "a-b_c.d"};
    private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};

    private final ApiDocument document;
    private final Function<String, List<String>> known;

    ValueGenerator(ApiDocument document, Function<String, List<String>> known) {
        this.document = document;
        this.known = known;
    }

    JsonNode value(JsonNode schema, String name, SplittableRandom random, int depth) {
        JsonNode s = document.resolve(schema);
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.has("enum") && s.get("enum").size() > 0) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (s.has(combinator) && s.get(combinator).size() > 0) {
                List<JsonNode> choices = new ArrayList<>();
                s.get(combinator).forEach(c -> {
                    if (!"null".equals(document.resolve(c).path("type").asText())) {
                        choices.add(c);
                    }
                });
                if (choices.isEmpty()) {
                    return JSON.nullNode();
                }
                return value(choices.get(random.nextInt(choices.size())), name, random, depth);
            }
        }
        if (s.has("allOf")) {
            ObjectNode merged = JSON.objectNode();
            for (JsonNode part : s.get("allOf")) {
                JsonNode v = value(part, name, random, depth);
                if (v.isObject()) {
                    merged.setAll((ObjectNode) v);
                } else {
                    return v;
                }
            }
            return merged;
        }
        String type = type(s);
        switch (type) {
            case "object":
                return object(s, random, depth);
            case "array": {
                ArrayNode array = JSON.arrayNode();
                int min = s.path("minItems").asInt(0);
                int max = Math.min(s.path("maxItems").asInt(min + 3), min + 3);
                int n = depth > 4 ? min : min + random.nextInt(Math.max(1, max - min + 1));
                for (int i = 0; i < n; i++) {
                    array.add(value(s.path("items"), name, random, depth + 1));
                }
                return array;
            }
            case "integer": {
                long min = s.has("minimum") ? s.get("minimum").asLong() : 0;
                long max = s.has("maximum") ? s.get("maximum").asLong() : min + 1000;
                if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber()) {
                    min = s.get("exclusiveMinimum").asLong() + 1;
                }
                if (s.has("exclusiveMaximum") && s.get("exclusiveMaximum").isNumber()) {
                    max = s.get("exclusiveMaximum").asLong() - 1;
                }
                if (max < min) {
                    max = min;
                }
                return JSON.numberNode(min + (long) (random.nextDouble() * (double) Math.min(max - min + 1, 1_000_000L)));
            }
            case "number": {
                double min = s.path("minimum").asDouble(0);
                double max = s.has("maximum") ? s.get("maximum").asDouble() : min + 1000;
                return JSON.numberNode(Math.round((min + random.nextDouble() * (max - min)) * 100) / 100.0);
            }
            case "boolean":
                return JSON.booleanNode(random.nextBoolean());
            case "null":
                return JSON.nullNode();
            default:
                return JSON.textNode(string(s, name, random));
        }
    }

    ObjectNode object(JsonNode s, SplittableRandom random, int depth) {
        ObjectNode object = JSON.objectNode();
        JsonNode properties = s.path("properties");
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        properties.fields().forEachRemaining(p -> {
            if (p.getValue().path("readOnly").asBoolean(false)) {
                return;
            }
            if (required.contains(p.getKey()) || (depth < 4 && random.nextInt(3) > 0)) {
                object.set(p.getKey(), value(p.getValue(), p.getKey(), random, depth + 1));
            }
        });
        if (properties.isMissingNode() && s.path("additionalProperties").isObject() && depth < 4) {
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                object.set("k" + i, value(s.get("additionalProperties"), "k" + i, random, depth + 1));
            }
        }
        return object;
    }

    String string(JsonNode s, String name, SplittableRandom random) {
        String format = s.path("format").asText("");
        List<String> ids = known.apply(name);
        if (ids != null && !ids.isEmpty() && random.nextInt(4) > 0) {
            return ids.get(random.nextInt(ids.size()));
        }
        String lower = name == null ? "" : name.toLowerCase();
        switch (format) {
            case "date-time":
                return Instant.ofEpochSecond(1_700_000_000L + random.nextLong(-200_000_000L, 200_000_000L)).toString();
            case "date":
                return LocalDate.ofEpochDay(19_000 + random.nextInt(2_000)).toString();
            case "uuid":
                return new UUID(random.nextLong(), random.nextLong()).toString();
            case "email":
                return "fuzz" + random.nextInt(1_000_000) + "@example.com";
            case "uri":
            case "url":
                return "http://127.0.0.1:9/" + WORDS[0] + random.nextInt(100);
            default:
                break;
        }
        if (lower.endsWith("id")) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
        if (lower.contains("zone")) {
            return ZONES[random.nextInt(ZONES.length)];
        }
        if (lower.contains("currency")) {
            return CURRENCIES[random.nextInt(CURRENCIES.length)];
        }
        if (lower.contains("url")) {
            return "http://127.0.0.1:9/u" + random.nextInt(1000);
        }
        if (lower.contains("path")) {
            return "/fuzz-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        }
        if (lower.contains("email")) {
            return "fuzz" + random.nextInt(1_000_000) + "@example.com";
        }
        if (lower.equals("from") || lower.equals("to") || lower.endsWith("at")) {
            return Instant.ofEpochSecond(1_700_000_000L + random.nextLong(-200_000_000L, 200_000_000L)).toString();
        }
        String word = WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? "" : " " + random.nextInt(10_000));
        int min = s.path("minLength").asInt(0);
        int max = s.path("maxLength").asInt(Integer.MAX_VALUE);
        StringBuilder b = new StringBuilder(word);
        while (b.length() < min) {
            b.append('x');
        }
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    /** The schema's type, the non-null one when it lists several (3.1) or is nullable (3.0). */
    static String type(JsonNode s) {
        JsonNode t = s.get("type");
        if (t == null) {
            if (s.has("properties")) {
                return "object";
            }
            if (s.has("items")) {
                return "array";
            }
            return "string";
        }
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!"null".equals(each.asText())) {
                    return each.asText();
                }
            }
            return "null";
        }
        return t.asText();
    }
}
