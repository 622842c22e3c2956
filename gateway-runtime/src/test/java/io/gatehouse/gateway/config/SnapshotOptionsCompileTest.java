package io.gatehouse.gateway.config;

import io.gatehouse.gateway.accesslog.AccessLogRule;
import io.gatehouse.gateway.policy.access.IpAccess;
import io.gatehouse.gateway.policy.cors.CorsRules;
import io.gatehouse.gateway.policy.route.RouteMatch;
import io.gatehouse.gateway.policy.route.RouteOptions;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.proxy.UnsafeHeaders;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotOptionsCompileTest {

    private final SnapshotCompiler compiler = TestSnapshots.compiler();

    private CompiledConfig compile(String json) {
        return compiler.compile(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compiles_the_optional_route_and_api_fields() {
        CompiledConfig config = compile("""
                {"version": 3, "apis": [{"id": "a",
                  "routes": [{"id": "r", "pathPrefix": "/a", "maxRequestBodyBytes": 1024, "maxRetries": 0,
                              "requestHeaders": {"remove": ["X-Internal"], "set": {"X-Env": "prod"}, "add": {"X-Tag": "a"}},
                              "responseHeaders": {"remove": ["Server"]}}],
                  "targets": [{"id": "t", "url": "http://h:1"}],
                  "cors": {"allowedOrigins": ["https://app.example"], "allowedHeaders": ["Content-Type"], "maxAgeSeconds": 600},
                  "ipAccess": {"allow": ["10.0.0.0/8"], "deny": ["10.6.6.6"]},
                  "healthCheck": {"path": "/health", "intervalMs": 500, "timeoutMs": 200, "healthyThreshold": 1, "unhealthyThreshold": 3},
                  "circuitBreaker": {"failureThreshold": 2, "openMs": 1500}}]}""");

        RouteOptions options = assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/a")).route().options();
        assertEquals(1024, options.maxRequestBodyBytes());
        assertEquals(0, options.maxRetries());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Internal", "1");
        options.requestHeaders().apply(headers);
        assertFalse(headers.contains("X-Internal"));
        assertEquals("prod", headers.get("X-Env"));
        assertTrue(config.option("a", CorsRules.OPTION).allowsOrigin("https://app.example"));
        IpAccess ipAccess = config.option("a", IpAccess.OPTION);
        assertFalse(ipAccess.admits("10.6.6.6"));
        assertTrue(ipAccess.admits("10.1.2.3"));
        assertFalse(ipAccess.admits("192.0.2.1"));
        ResilienceSettings resilience = config.option("a", ResilienceSettings.OPTION);
        assertEquals("/health", resilience.healthCheck().path());
        assertEquals(3, resilience.healthCheck().unhealthyThreshold());
        assertEquals(2, resilience.failureThreshold());
        assertEquals(1500, resilience.openMs());
    }

    @Test
    void compiles_forward_unsafe_headers_and_leaves_it_off_when_absent() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [
                  {"id": "opted", "routes": [{"id": "r1", "pathPrefix": "/o"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "forwardUnsafeHeaders": true},
                  {"id": "plain", "routes": [{"id": "r2", "pathPrefix": "/p"}], "targets": [{"id": "t", "url": "http://h:1"}]}]}""");

        assertTrue(config.option("opted", UnsafeHeaders.FORWARD));
        assertFalse(config.option("plain", UnsafeHeaders.FORWARD));
    }

    @Test
    void compiles_the_access_log_of_each_api_and_logs_every_request_when_absent() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [
                  {"id": "quiet", "routes": [{"id": "r1", "pathPrefix": "/q"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "accessLog": {"enabled": false}},
                  {"id": "sampled", "routes": [{"id": "r2", "pathPrefix": "/s"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "accessLog": {"sampleRate": 0.1}},
                  {"id": "plain", "routes": [{"id": "r3", "pathPrefix": "/p"}], "targets": [{"id": "t", "url": "http://h:1"}]}]}""");

        assertEquals(new AccessLogRule(false, 1.0), config.option("quiet", AccessLogRule.OPTION));
        assertEquals(new AccessLogRule(true, 0.1), config.option("sampled", AccessLogRule.OPTION));
        assertSame(AccessLogRule.ALL, config.option("plain", AccessLogRule.OPTION));
    }

    @Test
    void skips_an_api_whose_access_log_sample_rate_is_outside_zero_to_one() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [
                  {"id": "bad", "routes": [{"id": "r", "pathPrefix": "/bad"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "accessLog": {"sampleRate": 1.5}}]}""");

        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/bad"));
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("sampleRate")), config.warnings().toString());
    }

    @Test
    void leaves_every_option_at_its_default_when_the_snapshot_has_none() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [{"id": "a", "routes": [{"id": "r", "pathPrefix": "/a"}],
                 "targets": [{"id": "t", "url": "http://h:1"}]}]}""");

        assertSame(RouteOptions.DEFAULTS,
                assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/a")).route().options());
        for (ApiOption<?> option : compiler.options()) {
            assertSame(option.fallback(), config.option("a", option), option.name());
        }
        assertNull(config.option("a", CorsRules.OPTION));
    }

    @Test
    void skips_an_api_whose_options_cannot_be_read_and_says_why() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [
                  {"id": "bad", "routes": [{"id": "r", "pathPrefix": "/bad"}], "targets": [{"id": "t", "url": "http://h:1"}],
                   "ipAccess": {"deny": ["not-a-cidr"]}},
                  {"id": "good", "routes": [{"id": "g", "pathPrefix": "/good"}], "targets": [{"id": "t", "url": "http://h:1"}]}]}""");

        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/bad"));
        assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/good"));
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("not-a-cidr")), config.warnings().toString());
    }

    @Test
    void skips_a_route_whose_header_transform_would_touch_framing() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [{"id": "a", "targets": [{"id": "t", "url": "http://h:1"}],
                  "routes": [{"id": "r", "pathPrefix": "/a", "requestHeaders": {"set": {"Content-Length": "0"}}}]}]}""");

        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/a"));
        assertNotNull(config.warnings().stream().filter(w -> w.contains("Content-Length")).findFirst().orElse(null));
    }
}
