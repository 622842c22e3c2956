package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.pipeline.Exchange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.DateFormatter;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storing and freshness rules of RFC 9111 (§3, §4.2, §5.1, §5.3) and RFC 9213, without I/O: the answer is judged and stored directly. */
class ResponseCacheTest {

    private static final long T0 = 1_800_000_000_000L;
    private Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private final ResponseCache cache = new ResponseCache(null, new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }, TestCacheConfig.of(1 << 20), new SimpleMeterRegistry());

    private void advanceSeconds(long s) {
        clock = Clock.offset(clock, java.time.Duration.ofSeconds(s));
    }

    private static ResponseCache.Ticket ticket(CacheSettings settings, MultiMap requestHeaders, boolean authorized) {
        return new ResponseCache.Ticket("h /x", "h /x", null, settings, null, requestHeaders, authorized, T0);
    }

    private static MultiMap headers(String... pairs) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    private CachedResponse judge(int status, MultiMap response) {
        return cache.storable(ticket(new CacheSettings(0, false, 1024), headers(), false), status, response, T0);
    }

    @Test
    void stores_an_answer_with_max_age_and_prefers_s_maxage() {
        assertEquals(60, judge(200, headers("Cache-Control", "max-age=60")).lifetimeSeconds());
        assertEquals(30, judge(200, headers("Cache-Control", "max-age=0, s-maxage=30")).lifetimeSeconds());
    }

    @Test
    void never_stores_no_store_private_no_cache_vary_star_or_set_cookie() {
        assertNull(judge(200, headers("Cache-Control", "no-store, max-age=60")));
        assertNull(judge(200, headers("Cache-Control", "private, max-age=60")));
        assertNull(judge(200, headers("Cache-Control", "no-cache, max-age=60")));
        assertNull(judge(200, headers("Cache-Control", "max-age=60", "Vary", "*")));
        assertNull(judge(200, headers("Cache-Control", "max-age=60", "Set-Cookie", "a=1")));
    }

    @Test
    void stores_an_answer_that_sets_a_cookie_only_where_the_route_says_so_and_then_without_the_cookie_rfc9111_7_3() {
        MultiMap answer = headers("Cache-Control", "max-age=60", "Set-Cookie", "session=abc", "X-Kept", "1");
        assertNull(cache.storable(ticket(new CacheSettings(0, false, 1024, false, false), headers(), false), 200,
                answer, T0), "off by default");

        CachedResponse stored = cache.storable(ticket(new CacheSettings(0, false, 1024, false, true), headers(), false),
                200, answer, T0);

        assertNotNull(stored);
        assertNull(stored.headers().get("Set-Cookie"), "the cookie is never served to another client");
        assertEquals("1", stored.headers().get("X-Kept"));
        assertEquals("session=abc", answer.get("Set-Cookie"), "the client whose request made it still gets it");
    }

    private CachedResponse judgeWithTtl(int status, MultiMap response) {
        return cache.storable(ticket(new CacheSettings(60, false, 1024), headers(), false), status, response, T0);
    }

    @Test
    void gives_the_default_ttl_only_to_heuristically_cacheable_statuses_rfc9110_15_1_rfc9111_4_2_2() {
        for (int status : new int[]{200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501}) {
            assertEquals(60, judgeWithTtl(status, headers()).lifetimeSeconds(), "status " + status);
        }
        for (int status : new int[]{201, 302, 307, 400, 402, 403, 500, 502, 503}) {
            assertNull(judgeWithTtl(status, headers()), "status " + status);
        }
        assertEquals(60, judgeWithTtl(402, headers("Cache-Control", "public")).lifetimeSeconds(),
                "public makes any final status heuristically cacheable");
    }

    @Test
    void stores_any_other_final_status_with_explicit_freshness_rfc9111_3() {
        assertEquals(60, judge(500, headers("Cache-Control", "max-age=60")).lifetimeSeconds());
        assertEquals(60, judge(302, headers("Cache-Control", "s-maxage=60")).lifetimeSeconds());
        assertEquals(120, judge(403, headers("Date", DateFormatter.format(new Date(T0)),
                "Expires", DateFormatter.format(new Date(T0 + 120_000)))).lifetimeSeconds());
    }

    @Test
    void never_stores_a_partial_or_not_modified_answer_rfc9111_3_3_and_4_3_4() {
        assertNull(judge(206, headers("Cache-Control", "max-age=60")));
        assertNull(judge(304, headers("Cache-Control", "max-age=60")));
        assertNull(judgeWithTtl(206, headers("Cache-Control", "public")));
    }

    @Test
    void treats_an_expires_that_is_not_an_exact_http_date_as_already_expired_rfc9111_5_3() {
        String date = DateFormatter.format(new Date(T0));
        for (String expires : java.util.List.of("Thu, 18 Aug 50 02:01:18 GMT", "Thu 18 Aug 2050 02:01:18 GMT",
                "Thu, 18 Aug 2050  02:01:18 GMT", "Thu, 18-Aug-2050 02:01:18 GMT", "Thu, 18 Aug 2050 2:01:18 GMT",
                "Thu, 18 Aug 2050 02:01:18 AEST", "thu, 18 aug 2050 02:01:18 GMT", "0", "-1")) {
            assertNull(judgeWithTtl(200, headers("Date", date, "Expires", expires)), expires);
        }
        assertEquals(60, judge(200, headers("Date", date, "Expires", "Thu, 18 Aug 2050 02:01:18 GMT",
                "Cache-Control", "max-age=60")).lifetimeSeconds(), "max-age wins over an invalid Expires");
    }

    @Test
    void treats_an_expires_sent_twice_as_already_expired_rfc9111_5_3() {
        String later = DateFormatter.format(new Date(T0 + 120_000));

        assertNull(judgeWithTtl(200, headers("Expires", later, "Expires", later)));
    }

    @Test
    void reads_a_list_valued_age_by_its_first_member_rfc9111_5_1() {
        MultiMap oldFirst = headers("Cache-Control", "max-age=3600", "Age", "7200, 0");
        MultiMap freshFirst = headers("Cache-Control", "max-age=3600", "Age", "0, 7200");
        MultiMap twoLines = headers("Cache-Control", "max-age=3600", "Age", "7200", "Age", "0");

        assertNull(judge(200, oldFirst));
        assertNull(judge(200, twoLines));
        assertEquals(0, judge(200, freshFirst).correctedInitialAgeSeconds());
    }

    @Test
    void treats_an_answer_with_an_invalid_age_as_stale_rfc9111_5_1() {
        for (String age : new String[]{"abc", "-7200", "7200.0", ""}) {
            assertNull(judge(200, headers("Cache-Control", "max-age=3600", "Age", age)), age);
        }
    }

    @Test
    void treats_conflicting_max_age_as_stale_rfc9111_4_2_1() {
        assertNull(judge(200, headers("Cache-Control", "max-age=1800, max-age=3600")));
        assertNull(judge(200, headers("Cache-Control", "max-age=ten")));
    }

    @Test
    void obeys_the_first_valid_targeted_field_instead_of_cache_control_rfc9213_2_1() {
        assertEquals(30, judge(200, headers("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=30"))
                .lifetimeSeconds());
        assertNull(judge(200, headers("Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store")));
        assertNull(judge(200, headers("CDN-Cache-Control", "max-age=30", "Gatehouse-Cache-Control", "no-store")),
                "the configured field is more specific than CDN-Cache-Control");
        assertEquals(30, judge(200, headers("CDN-Cache-Control", "max-age=30", "Gatehouse-Cache-Control",
                "Max-Age=5")).lifetimeSeconds(), "an invalid targeted field is skipped");
        assertEquals(60, judge(200, headers("Cache-Control", "max-age=60", "CDN-Cache-Control", "max-age=60,"))
                .lifetimeSeconds(), "with no valid targeted field, Cache-Control applies");
    }

    @Test
    void neither_stores_nor_forwards_the_targeted_fields_rfc9213_2_1() {
        Exchange get = new Exchange("r", "GET", "h", "/t", headers(), null);
        get.put(ResponseCache.TICKET, new ResponseCache.Ticket("h /t", "h /t", null, new CacheSettings(0, false, 1024),
                null, headers(), false, T0));
        MultiMap responseHeaders = headers("CDN-Cache-Control", "max-age=60", "Gatehouse-Cache-Control", "max-age=60",
                "Cache-Control", "no-cache");
        TeeBodyTestSource body = new TeeBodyTestSource();
        cache.onUpstreamAnswer(get, false, 200, responseHeaders, body).handler(b -> { }).endHandler(v -> { });
        body.emit("x");
        body.end();

        CachedResponse stored = cache.lookup("h /t", null, headers());
        assertNotNull(stored);
        assertNull(stored.headers().get("CDN-Cache-Control"));
        assertNull(stored.headers().get("Gatehouse-Cache-Control"));
        assertEquals("no-cache", stored.headers().get("Cache-Control"), "Cache-Control is for the caches downstream");
        assertNull(responseHeaders.get("CDN-Cache-Control"));
        assertNull(responseHeaders.get("Gatehouse-Cache-Control"));
    }

    @Test
    void takes_freshness_from_expires_minus_date_and_treats_an_invalid_expires_as_stale() {
        MultiMap expiring = headers("Date", DateFormatter.format(new Date(T0)),
                "Expires", DateFormatter.format(new Date(T0 + 120_000)));

        assertEquals(120, judge(200, expiring).lifetimeSeconds());
        assertNull(judge(200, headers("Expires", "0")));
    }

    @Test
    void uses_the_route_default_ttl_only_when_the_answer_states_no_freshness() {
        CacheSettings ttl = new CacheSettings(45, false, 1024);

        assertEquals(45, cache.storable(ticket(ttl, headers(), false), 200, headers(), T0).lifetimeSeconds());
        assertEquals(5, cache.storable(ticket(ttl, headers(), false), 200, headers("Cache-Control", "max-age=5"), T0)
                .lifetimeSeconds());
        assertNull(judge(200, headers()), "no default TTL: nothing to go by");
    }

    @Test
    void counts_the_upstream_age_and_refuses_an_answer_already_stale() {
        assertEquals(10, judge(200, headers("Cache-Control", "max-age=60", "Age", "10")).correctedInitialAgeSeconds());
        assertNull(judge(200, headers("Cache-Control", "max-age=60", "Age", "60")));
    }

    @Test
    void stores_an_answer_to_an_authorized_request_only_when_it_says_so() {
        CacheSettings settings = new CacheSettings(0, false, 1024);

        assertNull(cache.storable(ticket(settings, headers(), true), 200, headers("Cache-Control", "max-age=60"), T0));
        assertNotNull(cache.storable(ticket(settings, headers(), true), 200,
                headers("Cache-Control", "public, max-age=60"), T0));
        assertNotNull(cache.storable(ticket(settings, headers(), true), 200, headers("Cache-Control", "s-maxage=60"), T0));
    }

    @Test
    void serves_a_stored_answer_while_fresh_with_its_age_and_not_after() {
        CachedResponse stored = judge(200, headers("Cache-Control", "max-age=10"));

        assertEquals(0, stored.ageSeconds(T0));
        assertEquals(true, stored.isFresh(T0 + 9_999));
        assertEquals(9, stored.ageSeconds(T0 + 9_999));
        assertEquals(false, stored.isFresh(T0 + 10_000));
    }

    @Test
    void selects_variants_by_the_request_headers_vary_names() {
        MultiMap json = headers("Accept", "application/json");
        CachedResponse stored = cache.storable(ticket(new CacheSettings(0, false, 1024), json, false), 200,
                headers("Cache-Control", "max-age=60", "Vary", "Accept"), T0);

        assertEquals(true, stored.matches(null, headers("Accept", "application/json")));
        assertEquals(false, stored.matches(null, headers("Accept", "text/html")));
        assertEquals(false, stored.matches(null, headers()));
    }

    @Test
    void normalizes_the_query_order_in_the_url_key() {
        assertEquals(ResponseCache.urlKey("h", "/p", "b=2&a=1"), ResponseCache.urlKey("h", "/p", "a=1&b=2"));
        assertEquals("h /p", ResponseCache.urlKey("h", "/p", null));
    }

    private void storeHello(MultiMap responseHeaders) {
        Exchange get = new Exchange("r", "GET", "h", "/x", headers(), null);
        get.put(ResponseCache.TICKET, ticket(new CacheSettings(0, false, 1024), headers(), false));
        var body = new TeeBodyTestSource();
        cache.onUpstreamAnswer(get, false, 200, responseHeaders, body).handler(b -> { }).endHandler(v -> { });
        body.emit("hello");
        body.end();
    }

    @Test
    void a_304_to_a_revalidation_updates_the_stored_fields_and_stores_the_answer_again_rfc9111_4_3_4() {
        storeHello(headers("Cache-Control", "max-age=10", "ETag", "\"v1\"", "X-Version", "1"));
        advanceSeconds(20);
        assertNull(cache.lookup("h /x", null, headers()), "stale");
        CachedResponse stale = cache.lookupStale("h /x", null, headers());
        assertNotNull(stale, "kept past its freshness because it has a validator");
        Exchange again = new Exchange("r2", "GET", "h", "/x", headers(), null);
        again.put(ResponseCache.TICKET, new ResponseCache.Ticket("h /x", "h /x", null, new CacheSettings(0, false, 1024),
                null, headers(), false, T0 + 20_000));
        again.put(ResponseCache.REVALIDATING, stale);

        CachedResponse answered = cache.onRevalidation(again, 304, headers("Cache-Control", "max-age=10",
                "ETag", "\"v1\"", "X-Version", "2", "Content-Length", "0"));

        assertEquals("hello", answered.body().toString());
        assertEquals("2", answered.headers().get("X-Version"), "§3.2: the 304's fields replace the stored ones");
        assertNull(answered.headers().get("Content-Length"), "but not Content-Length");
        assertNotNull(cache.lookup("h /x", null, headers()), "fresh again, for the next request");
    }

    @Test
    void a_304_that_forbids_storing_still_answers_this_request_but_stores_nothing() {
        storeHello(headers("Cache-Control", "max-age=10", "Last-Modified", "Sat, 05 Dec 2026 12:00:00 GMT"));
        advanceSeconds(20);
        Exchange again = new Exchange("r2", "GET", "h", "/x", headers(), null);
        again.put(ResponseCache.TICKET, new ResponseCache.Ticket("h /x", "h /x", null, new CacheSettings(0, false, 1024),
                null, headers(), false, T0 + 20_000));
        again.put(ResponseCache.REVALIDATING, cache.lookupStale("h /x", null, headers()));

        CachedResponse answered = cache.onRevalidation(again, 304, headers("Cache-Control", "no-store"));

        assertEquals("hello", answered.body().toString());
        assertNull(cache.lookup("h /x", null, headers()));
    }

    @Test
    void an_answer_without_a_validator_is_never_revalidated() {
        storeHello(headers("Cache-Control", "max-age=10"));
        assertEquals(10_000, cache.keptForMillis("h /x"), 1_000, "kept no longer than its freshness");
        advanceSeconds(20);
        Exchange plain = new Exchange("r3", "GET", "h", "/x", headers(), null);
        assertNull(cache.onRevalidation(plain, 304, headers()), "a request that did not revalidate");
    }

    @Test
    void invalidates_every_variant_of_a_url_on_a_successful_unsafe_request() {
        CachedResponse stored = judge(200, headers("Cache-Control", "max-age=60"));
        Exchange get = new Exchange("r", "GET", "h", "/x", headers(), null);
        get.put(ResponseCache.TICKET, ticket(new CacheSettings(0, false, 1024), headers(), false));
        MultiMap responseHeaders = headers("Cache-Control", "max-age=60");
        var body = new TeeBodyTestSource();
        cache.onUpstreamAnswer(get, false, 200, responseHeaders, body).handler(b -> { }).endHandler(v -> { });
        body.emit("hello");
        body.end();
        assertNotNull(cache.lookup("h /x", null, headers()));
        assertNotNull(stored);

        Exchange post = new Exchange("r2", "POST", "h", "/x", headers(), null);
        post.put(ResponseCache.INVALIDATES, new ResponseCache.Invalidation("h /x", "api", false));
        assertTrue(cache.invalidateFor(post, 500, headers()).succeeded());
        assertNotNull(cache.lookup("h /x", null, headers()), "an error answer invalidates nothing");
        assertTrue(cache.invalidateFor(post, 201, headers()).succeeded(), "without the shared layer, done at once");

        assertNull(cache.lookup("h /x", null, headers()));
    }

    @Test
    void stops_serving_an_entry_once_its_freshness_has_passed() {
        Exchange get = new Exchange("r", "GET", "h", "/x", headers(), null);
        get.put(ResponseCache.TICKET, ticket(new CacheSettings(0, false, 1024), headers(), false));
        TeeBodyTestSource body = new TeeBodyTestSource();
        cache.onUpstreamAnswer(get, false, 200, headers("Cache-Control", "max-age=5"), body)
                .handler(b -> { }).endHandler(v -> { });
        body.emit("x");
        body.end();

        advanceSeconds(4);
        assertNotNull(cache.lookup("h /x", null, headers()));
        advanceSeconds(1);
        assertNull(cache.lookup("h /x", null, headers()));
    }

    @Test
    void refuses_a_targeted_field_that_is_cache_control_or_not_a_field_name_rfc9213_2() {
        assertEquals(java.util.List.of("Edge-Cache-Control", "CDN-Cache-Control"),
                ResponseCache.targetedFields("Edge-Cache-Control"));
        assertEquals(java.util.List.of("CDN-Cache-Control"), ResponseCache.targetedFields("cdn-cache-control"));
        for (String bad : new String[]{"Cache-Control", "cache-control", "", "Bad Name", "Bad:Name"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ResponseCache.targetedFields(bad), bad);
        }
    }

    @Test
    void keeps_an_answer_for_its_stale_windows_and_knows_when_each_allows_serving_it_rfc5861() {
        storeHello(headers("Cache-Control", "max-age=10, stale-while-revalidate=30, stale-if-error=300"));
        assertEquals(310_000, cache.keptForMillis("h /x"), 1_000,
                "kept for its freshness and the longest stale window, though it has no validator");
        advanceSeconds(10);
        CachedResponse stale = cache.lookupStale("h /x", null, headers());

        assertNotNull(stale);
        assertNull(cache.lookup("h /x", null, headers()), "not served as fresh");
        assertTrue(stale.inStaleWhileRevalidate(T0 + 10_000), "stale for 0 s: within stale-while-revalidate");
        assertTrue(stale.inStaleWhileRevalidate(T0 + 40_000), "stale for 30 s: the window's last moment");
        assertFalse(stale.inStaleWhileRevalidate(T0 + 40_001), "past the window");
        assertTrue(new ResponseCache.StaleFallback("h /x", stale, -1, 0).usable(T0 + 310_000), "stale-if-error: 300 s");
        assertFalse(new ResponseCache.StaleFallback("h /x", stale, -1, 0).usable(T0 + 310_001));
        assertTrue(new ResponseCache.StaleFallback("h /x", stale, 600, 0).usable(T0 + 600_000),
                "the request's own stale-if-error widens it (RFC 5861 §4)");
        assertFalse(stale.inStaleWhileRevalidate(T0 + 9_999), "fresh is not stale");
    }

    @Test
    void never_serves_stale_an_answer_with_must_revalidate_proxy_revalidate_or_s_maxage_rfc9111_4_2_4() {
        for (String cc : new String[] {"max-age=10, must-revalidate, stale-while-revalidate=30, stale-if-error=30",
                "max-age=10, proxy-revalidate, stale-while-revalidate=30, stale-if-error=30",
                "s-maxage=10, stale-while-revalidate=30, stale-if-error=30"}) {
            CachedResponse stored = judge(200, headers("Cache-Control", cc));

            assertTrue(stored.stale().forbidden(), cc);
            assertFalse(stored.inStaleWhileRevalidate(T0 + 15_000), cc);
            assertFalse(new ResponseCache.StaleFallback("h /x", stored, 600, 0).usable(T0 + 15_000), cc);
            assertFalse(stored.staleWithin(T0 + 15_000, CacheControl.ANY_STALENESS), cc + ": not even for max-stale");
        }
    }

    @Test
    void takes_the_stale_windows_from_the_targeted_field_it_obeys_rfc9213_2_1() {
        CachedResponse stored = judge(200, headers("Cache-Control", "max-age=10, stale-while-revalidate=600",
                "CDN-Cache-Control", "max-age=10, stale-if-error=60"));

        assertEquals(0, stored.stale().whileRevalidateSeconds(), "Cache-Control is ignored for this cache");
        assertEquals(60, stored.stale().ifErrorSeconds());
    }

    @Test
    void honours_the_request_directives_max_age_min_fresh_and_max_stale_rfc9111_5_2_1() {
        storeHello(headers("Cache-Control", "max-age=60", "ETag", "\"v1\""));
        advanceSeconds(30);

        assertNotNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("max-age=30"))),
                "§5.2.1.1: age 30 is not more than 30");
        assertNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("max-age=29"))));
        assertNotNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("min-fresh=30"))),
                "§5.2.1.3: fresh for 30 s more");
        assertNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("min-fresh=31"))));

        advanceSeconds(40);
        assertNull(cache.lookup("h /x", null, headers()), "stale by 10 s");
        assertNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("max-stale=9"))));
        assertNotNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("max-stale=10"))),
                "§5.2.1.2: stale by no more than 10 s");
        assertNotNull(cache.lookup("h /x", null, headers(), CacheControl.parse(java.util.List.of("max-stale"))),
                "any staleness");
    }

    @Test
    void a_background_refresh_that_gets_a_304_makes_the_stored_answer_fresh_again_and_a_new_answer_replaces_it_rfc5861_3() {
        storeHello(headers("Cache-Control", "max-age=10, stale-while-revalidate=30", "ETag", "\"v1\""));
        advanceSeconds(15);
        CachedResponse stale = cache.lookupStale("h /x", null, headers());
        ResponseCache.Ticket ticket = new ResponseCache.Ticket("h /x", "h /x", null, new CacheSettings(0, false, 1024),
                null, headers(), false, T0 + 15_000);

        assertEquals("revalidated", cache.onRefreshed(ticket, stale, 304, headers("Cache-Control",
                "max-age=10, stale-while-revalidate=30", "ETag", "\"v1\""), io.vertx.core.buffer.Buffer.buffer()));
        CachedResponse fresh = cache.lookup("h /x", null, headers());
        assertNotNull(fresh);
        assertEquals("hello", fresh.body().toString(), "the stored body, its fields updated");

        advanceSeconds(15);
        ticket = new ResponseCache.Ticket("h /x", "h /x", null, new CacheSettings(0, false, 1024), null, headers(),
                false, T0 + 30_000);
        assertEquals("stored", cache.onRefreshed(ticket, cache.lookupStale("h /x", null, headers()), 200,
                headers("Cache-Control", "max-age=10"), io.vertx.core.buffer.Buffer.buffer("new")));
        assertEquals("new", cache.lookup("h /x", null, headers()).body().toString());

        advanceSeconds(15);
        assertEquals("not-stored", cache.onRefreshed(ticket, cache.lookupStale("h /x", null, headers()), 500,
                headers(), io.vertx.core.buffer.Buffer.buffer("oops")));
    }

    @Test
    void a_stale_answer_purged_or_invalidated_while_its_request_was_upstream_no_longer_stands_in_for_an_error() {
        storeHello(headers("Cache-Control", "max-age=10, stale-if-error=300"));
        advanceSeconds(20);
        CachedResponse stale = cache.lookupStale("h /x", null, headers());
        ResponseCache.StaleFallback before = new ResponseCache.StaleFallback("h /x", stale, -1, cache.purgeCount());
        assertTrue(cache.mayServe(before));

        cache.purge(new CachePurge("p", "another-api", null, null));
        assertFalse(cache.mayServe(before), "a purge arrived meanwhile (it may have been meant for this answer)");

        ResponseCache.StaleFallback after = new ResponseCache.StaleFallback("h /x", stale, -1, cache.purgeCount());
        assertTrue(cache.mayServe(after));
        cache.invalidate("h /x");
        assertFalse(cache.mayServe(after), "invalidated (RFC 9111 §4.4) meanwhile");
    }

    @Test
    void a_refresh_answered_with_something_unstorable_drops_the_stale_answer_but_a_5xx_keeps_it_rfc5861() {
        storeHello(headers("Cache-Control", "max-age=10, stale-while-revalidate=60, stale-if-error=600"));
        advanceSeconds(15);
        ResponseCache.Ticket ticket = new ResponseCache.Ticket("h /x", "h /x", null, new CacheSettings(0, false, 1024),
                null, headers(), false, T0 + 15_000);

        assertEquals("not-stored", cache.onRefreshed(ticket, cache.lookupStale("h /x", null, headers()), 503,
                headers(), io.vertx.core.buffer.Buffer.buffer("down")));
        assertNotNull(cache.lookupStale("h /x", null, headers()), "a 5xx keeps it for stale-if-error");

        assertEquals("not-stored", cache.onRefreshed(ticket, cache.lookupStale("h /x", null, headers()), 200,
                headers("Cache-Control", "private"), io.vertx.core.buffer.Buffer.buffer("mine")));
        assertNull(cache.lookupStale("h /x", null, headers()), "the origin says something else now");
    }
}
