package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.gatehouse.gateway.upstream.TargetHealth;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamTest {

    @Test
    void spreads_requests_by_weight() {
        Upstream upstream = new Upstream(List.of(
                UpstreamTarget.parse("a", "http://a:1", 3), UpstreamTarget.parse("b", "http://b:1", 1)));
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < 400; i++) {
            counts.merge(upstream.pick().id(), 1, Integer::sum);
        }

        assertEquals(300, counts.get("a"));
        assertEquals(100, counts.get("b"));
    }

    @Test
    void treats_all_zero_weights_as_equal() {
        Upstream upstream = new Upstream(List.of(
                UpstreamTarget.parse("a", "http://a:1", 0), UpstreamTarget.parse("b", "http://b:1", 0)));

        assertEquals(List.of("a", "b", "a"), List.of(upstream.pick().id(), upstream.pick().id(), upstream.pick().id()));
    }

    @Test
    void skips_a_target_whose_breaker_is_open_and_prefers_another_than_the_one_that_just_failed() {
        Upstream upstream = new Upstream(List.of(
                UpstreamTarget.parse("a", "http://a:1", 1), UpstreamTarget.parse("b", "http://b:1", 1)));
        ResilienceSettings settings = new ResilienceSettings(null, 1, 1_000);
        TargetHealth[] health = {new TargetHealth(), new TargetHealth()};
        health[0].onFailure(0, settings);

        for (int i = 0; i < 4; i++) {
            assertEquals(1, upstream.pick(health, settings, 0, -1));
        }
        assertEquals(1, new Upstream(upstream.targets()).pick(new TargetHealth[]{new TargetHealth(), new TargetHealth()},
                settings, 0, 0));
    }

    @Test
    void finds_no_target_when_every_breaker_is_open() {
        Upstream upstream = new Upstream(List.of(UpstreamTarget.parse("a", "http://a:1", 1)));
        ResilienceSettings settings = new ResilienceSettings(null, 1, 1_000);
        TargetHealth[] health = {new TargetHealth()};
        health[0].onFailure(0, settings);

        assertEquals(-1, upstream.pick(health, settings, 0, -1));
        assertEquals(0, upstream.pick(health, settings, 1_000_000_000L, -1), "the probe after the cool-down");
    }

    @Test
    void parses_a_target_url_and_builds_request_uris() {
        UpstreamTarget target = UpstreamTarget.parse("t", "https://api.example/base/", 1);

        assertTrue(target.ssl());
        assertEquals(443, target.port());
        assertEquals("/base", target.basePath());
        assertEquals("/base/echo?a=1", target.requestUri("/echo", "a=1"));
        assertEquals("/base", target.requestUri("", null));
        assertEquals("/", UpstreamTarget.parse("t", "http://h:81", 1).requestUri("", null));
        assertFalse(UpstreamTarget.parse("t", "http://h:81", 1).ssl());
    }

    @Test
    void refuses_target_urls_it_cannot_use() {
        assertThrows(IllegalArgumentException.class, () -> UpstreamTarget.parse("t", "ftp://h/", 1));
        assertThrows(IllegalArgumentException.class, () -> UpstreamTarget.parse("t", "http:///nohost", 1));
        assertThrows(IllegalArgumentException.class, () -> UpstreamTarget.parse("t", "http://h/?q=1", 1));
    }
}
