package io.gatehouse.testing.fuzz;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fuzzer's own rules, without a server: what it sends and how it judges a request. */
class OpenApiFuzzerTest {

    static final String DOCUMENT = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},
             "paths":{"/things/{id}":{"put":{
               "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string","format":"uuid"}},
                             {"name":"limit","in":"query","schema":{"type":"integer","minimum":1,"maximum":100}}],
               "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
               "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","required":["name"],"properties":{
               "name":{"type":"string","minLength":1,"maxLength":50},
               "kind":{"type":"string","enum":["a","b"]},
               "due":{"type":"string","format":"date-time"},
               "count":{"type":"integer"}}}}}}
            """;

    final ApiDocument document = ApiDocument.parse(DOCUMENT);

    @Test
    void the_same_seed_sends_the_same_requests() {
        assertEquals(requests(42), requests(42));
        assertFalse(requests(42).equals(requests(43)), "another seed, other requests");
    }

    @Test
    void requests_generated_to_the_schema_conform_and_mutated_ones_are_mostly_forbidden() {
        OpenApiFuzzer fuzzer = OpenApiFuzzer.of(document);
        SplittableRandom seeds = new SplittableRandom(7);
        int generated = 0;
        int mutated = 0;
        int forbidden = 0;
        for (int i = 0; i < 500; i++) {
            FuzzRequest r = fuzzer.request(document.operations().get(0), seeds.split());
            if (r.mutation() == null) {
                generated++;
                assertFalse(r.forbidden(), "a generated request breaks its schema: " + r.curl(""));
            } else {
                mutated++;
                forbidden += r.forbidden() ? 1 : 0;
            }
        }
        assertTrue(generated > 100 && mutated > 100, generated + " generated, " + mutated + " mutated");
        // Control characters and huge strings may still conform (the schema allows any text); most mutations do not.
        assertTrue(forbidden > mutated / 2, forbidden + " of " + mutated + " mutated requests forbidden");
    }

    @Test
    void a_far_future_instant_a_wrong_type_and_an_unknown_enum_break_the_schema() {
        SchemaCheck check = new SchemaCheck(document);
        var thing = document.root().at("/components/schemas/Thing");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertTrue(check.violations(thing, json.valueToTree(java.util.Map.of("name", "x", "due", "2026-01-01T00:00:00Z"))).isEmpty());
        assertFalse(check.violations(thing, json.valueToTree(java.util.Map.of("name", "x", "due", "+1000000-01-01T00:00:00Z"))).isEmpty());
        assertFalse(check.violations(thing, json.valueToTree(java.util.Map.of("name", 645))).isEmpty());
        assertFalse(check.violations(thing, json.valueToTree(java.util.Map.of("name", "x", "kind", "c"))).isEmpty());
    }

    private List<String> requests(long seed) {
        OpenApiFuzzer fuzzer = OpenApiFuzzer.of(document);
        SplittableRandom seeds = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(fuzzer.request(document.operations().get(0), seeds.split()).curl(""));
        }
        return out;
    }
}
