package io.gatehouse.gateway.accesslog;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AccessLogEntryTest {

    @Test
    void names_the_outcome_served_cached_denied_by_a_policy_answered_or_error() {
        assertEquals("served", AccessLog.outcome("proxied", null, 200));
        assertEquals("served", AccessLog.outcome("proxied", null, 503), "an upstream's own 503 was served");
        assertEquals("cached", AccessLog.outcome("cache-hit", "cache", 200));
        assertEquals("denied:api-key", AccessLog.outcome("invalid-credentials", "api-key", 401));
        assertEquals("denied:rate-limit", AccessLog.outcome("rate-limited", "rate-limit", 429));
        assertEquals("denied:gateway", AccessLog.outcome("invalid-framing", null, 400));
        assertEquals("answered:cors-preflight", AccessLog.outcome("cors-preflight", "cors-preflight", 204));
        assertEquals("error", AccessLog.outcome("upstream-timeout", null, 504));
        assertEquals("error", AccessLog.outcome("rate-limit-unavailable", "rate-limit", 503));
        assertEquals("error", AccessLog.outcome(null, null, 200));
    }

    @Test
    void writes_one_json_object_and_leaves_out_what_does_not_apply() {
        AccessLogEntry entry = new AccessLogEntry(Instant.parse("2026-11-25T10:00:00Z"), "rid-1", "GET", "/demo/x",
                null, null, null, 404, "denied:route", "route-not-found", null, 3, 0, 120, "10.0.0.1", null);

        JsonObject json = new JsonObject(entry.toJson());

        assertEquals("2026-11-25T10:00:00Z", json.getString("time"));
        assertEquals("denied:route", json.getString("outcome"));
        assertEquals(404, json.getInteger("status"));
        assertEquals(3, json.getLong("totalMs"));
        for (String absent : new String[]{"api", "route", "applicationId", "upstreamMs", "traceId"}) {
            assertFalse(json.containsKey(absent), absent);
        }
    }
}
