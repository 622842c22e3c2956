package io.gatehouse.gateway.compose;

import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompositionMergeTest {

    private static Composition.Part part(String name, boolean required) {
        return Composition.Part.of(name, "GET", "/" + name, 1_000, required);
    }

    private static PartResult ok(String name) {
        return new PartResult.Ok(name, new JsonObject().put("from", name));
    }

    private static PartResult timeout(String name) {
        return new PartResult.Failed(name, GatewayError.UPSTREAM_TIMEOUT, 504, "too slow", null);
    }

    private static PartResult refused(String name) {
        return new PartResult.Failed(name, GatewayError.UPSTREAM_UNAVAILABLE, 502, "refused", null);
    }

    @Test
    void merges_every_part_under_its_name_with_empty_errors_when_all_succeed() {
        Composition c = Composition.of(List.of(part("a", false), part("b", false)), null);

        var merged = assertInstanceOf(CompositionMerge.Merged.class, CompositionMerge.merge(c, List.of(ok("a"), ok("b"))));

        assertEquals("a", merged.body().getJsonObject("parts").getJsonObject("a").getString("from"));
        assertEquals("b", merged.body().getJsonObject("parts").getJsonObject("b").getString("from"));
        assertEquals(new JsonObject(), merged.body().getJsonObject("errors"));
    }

    @Test
    void lists_a_failed_optional_part_in_errors_and_still_answers() {
        Composition c = Composition.of(List.of(part("a", false), part("b", false)), null);

        var merged = assertInstanceOf(CompositionMerge.Merged.class,
                CompositionMerge.merge(c, List.of(ok("a"), timeout("b"))));

        assertEquals(1, merged.failedParts());
        JsonObject error = merged.body().getJsonObject("errors").getJsonObject("b");
        assertEquals(504, error.getInteger("status"));
        assertEquals("urn:gatehouse:problem:upstream-timeout", error.getString("type"));
        assertFalse(merged.body().getJsonObject("parts").containsKey("b"));
    }

    @Test
    void fails_with_504_when_every_part_timed_out_and_502_when_any_failed_otherwise() {
        Composition c = Composition.of(List.of(part("a", false), part("b", false)), null);

        var allSlow = assertInstanceOf(CompositionMerge.Failed.class,
                CompositionMerge.merge(c, List.of(timeout("a"), timeout("b"))));
        var mixed = assertInstanceOf(CompositionMerge.Failed.class,
                CompositionMerge.merge(c, List.of(timeout("a"), refused("b"))));

        assertEquals(504, allSlow.problem().status());
        assertEquals(502, mixed.problem().status());
        assertTrue(((JsonObject) mixed.problem().extensions().get("errors")).containsKey("b"));
    }

    @Test
    void a_failed_required_part_fails_the_composition_by_its_own_kind_of_failure() {
        Composition c = Composition.of(List.of(part("a", false), part("b", true), part("c", false)), null);

        var failed = assertInstanceOf(CompositionMerge.Failed.class,
                CompositionMerge.merge(c, List.of(ok("a"), timeout("b"), refused("c"))));

        assertEquals(GatewayError.UPSTREAM_TIMEOUT, failed.problem().error());
        assertTrue(failed.problem().detail().contains("'b'"));
        assertTrue(((JsonObject) failed.problem().extensions().get("parts")).containsKey("a"));
    }

    @Test
    void parses_absolute_and_relative_part_urls_and_refuses_what_it_cannot_call() {
        Composition.Part absolute = Composition.Part.of("a", null, "http://users.internal:8080/v1/users?active=1", 500, false);
        Composition.Part relative = Composition.Part.of("b", "get", "/orders", 500, true);

        assertEquals("users.internal", absolute.target().host());
        assertEquals("/v1/users", absolute.target().basePath());
        assertEquals("active=1", absolute.query());
        assertEquals("/orders", relative.path());
        assertThrows(IllegalArgumentException.class, () -> Composition.Part.of("c", "POST", "/x", 500, false));
        assertThrows(IllegalArgumentException.class, () -> Composition.Part.of("c", "GET", "ftp://x/y", 500, false));
        assertThrows(IllegalArgumentException.class, () -> Composition.Part.of("bad name", "GET", "/x", 500, false));
        assertThrows(IllegalArgumentException.class, () -> Composition.Part.of("c", "GET", "/x", 0, false));
        assertThrows(IllegalArgumentException.class, () -> Composition.of(List.of(part("a", false), part("a", false)), null));
        assertThrows(IllegalArgumentException.class, () -> Composition.of(List.of(), null));
    }

    @Test
    void appends_the_clients_query_after_the_parts_own() {
        assertEquals("x=1&q=2", Composer.query("x=1", "q=2"));
        assertEquals("q=2", Composer.query(null, "q=2"));
        assertEquals("x=1", Composer.query("x=1", ""));
        assertNull(Composer.query(null, null));
    }

    @Test
    void only_json_media_types_count_as_json() {
        assertTrue(Composer.isJsonType("application/json; charset=utf-8"));
        assertTrue(Composer.isJsonType("application/problem+json"));
        assertFalse(Composer.isJsonType("text/plain"));
        assertFalse(Composer.isJsonType(null));
    }
}
