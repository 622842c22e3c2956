package io.gatehouse.gateway.policy.scrub;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.policy.route.RouteMatch;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.support.TestSnapshots;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScrubbedHeadersTest {

    @Test
    void absent_is_server_and_x_powered_by_and_empty_is_none() {
        assertSame(ScrubbedHeaders.DEFAULT, ScrubbedHeaders.of(null));
        assertEquals(List.of("Server", "X-Powered-By"), ScrubbedHeaders.DEFAULT.names());
        assertSame(ScrubbedHeaders.NONE, ScrubbedHeaders.of(List.of()));
    }

    @Test
    void refuses_a_name_that_is_not_a_token_or_names_a_framing_header() {
        assertThrows(IllegalArgumentException.class, () -> ScrubbedHeaders.of(List.of("Bad Name")));
        assertThrows(IllegalArgumentException.class, () -> ScrubbedHeaders.of(List.of("X:Y")));
        assertThrows(IllegalArgumentException.class, () -> ScrubbedHeaders.of(java.util.Arrays.asList("Server", null)));
        assertThrows(IllegalArgumentException.class, () -> ScrubbedHeaders.of(List.of("Content-Length")));
        assertThrows(IllegalArgumentException.class, () -> ScrubbedHeaders.of(List.of("transfer-encoding")));
    }

    @Test
    void compiles_per_api_from_the_snapshot_and_skips_an_api_whose_list_is_unusable() {
        CompiledConfig config = TestSnapshots.compiler().compile("""
                {"version": 1, "apis": [
                  {"id": "plain", "routes": [{"id": "r1", "pathPrefix": "/p"}], "targets": [{"id": "t", "url": "http://h:1"}]},
                  {"id": "bare", "routes": [{"id": "r2", "pathPrefix": "/b"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "scrubHeaders": []},
                  {"id": "custom", "routes": [{"id": "r3", "pathPrefix": "/c"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "scrubHeaders": ["X-AspNet-Version"]},
                  {"id": "bad", "routes": [{"id": "r4", "pathPrefix": "/bad"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "scrubHeaders": ["Content-Length"]}]}""".getBytes(StandardCharsets.UTF_8));

        assertSame(ScrubbedHeaders.DEFAULT, config.option("plain", ScrubbedHeaders.OPTION));
        assertSame(ScrubbedHeaders.NONE, config.option("bare", ScrubbedHeaders.OPTION));
        assertEquals(List.of("X-AspNet-Version"), config.option("custom", ScrubbedHeaders.OPTION).names());
        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/bad"));
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("scrubHeaders may not remove 'Content-Length'")),
                config.warnings().toString());
    }
}
