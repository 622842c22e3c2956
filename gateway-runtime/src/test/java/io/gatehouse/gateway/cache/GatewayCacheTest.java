package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The response cache (RFC 9111 subset) through the whole gateway, against an upstream the query programs. */
@QuarkusTest
class GatewayCacheTest {

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    /** Requests with the URL sent as written: it is percent-encoded already. */
    private static io.restassured.specification.RequestSpecification req() {
        return given().urlEncodingEnabled(false);
    }

    /** A path no other test uses, with the upstream programmed by {@code params} (name, value, …). */
    private static String url(String route, String... params) {
        StringBuilder sb = new StringBuilder(route).append("/item-").append(UUID.randomUUID());
        for (int i = 0; i < params.length; i += 2) {
            sb.append(i == 0 ? '?' : '&').append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static Response get(String url, String... headers) {
        var request = req().header("X-Api-Key", TestKeys.VALID);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.get(url);
    }

    private static int n(Response response) {
        response.then().statusCode(200);
        return response.jsonPath().getInt("n");
    }

    @Test
    void serves_the_second_identical_request_from_the_cache_without_contacting_the_upstream() {
        String url = url("/cached", "cc", "max-age=60");

        Response first = get(url);
        Response second = get(url);

        assertEquals(1, n(first));
        assertEquals("gatehouse; fwd=miss; stored", first.header("Cache-Status"));
        assertEquals("MISS", first.header("X-Cache"));
        assertEquals(1, n(second));
        assertEquals("gatehouse; hit", second.header("Cache-Status"));
        assertEquals("HIT", second.header("X-Cache"));
        assertNotNull(second.header("Age"));
        assertNotNull(second.header("X-Request-Id"));
        assertNotEquals(first.header("X-Request-Id"), second.header("X-Request-Id"));
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }

    @Test
    void keys_on_the_normalized_query_so_parameter_order_does_not_matter() {
        String url = url("/cached", "cc", "max-age=60", "a", "1", "b", "2");
        String reordered = url.replace("a=1&b=2", "b=2&a=1");

        assertEquals(1, n(get(url)));
        assertEquals("HIT", get(reordered).header("X-Cache"));
    }

    @Test
    void keeps_variants_named_by_vary_apart() {
        String url = url("/cached", "cc", "max-age=60", "vary", "Accept");

        assertEquals(1, n(get(url, "Accept", "application/json")));
        assertEquals(2, n(get(url, "Accept", "text/plain")));
        Response again = get(url, "Accept", "application/json");

        assertEquals(1, n(again));
        assertEquals("HIT", again.header("X-Cache"));
    }

    @Test
    void never_stores_no_store_private_or_no_cache_answers() {
        for (String cc : new String[]{"no-store, max-age=60", "private, max-age=60", "no-cache, max-age=60"}) {
            String url = url("/cachedttl", "cc", cc);

            get(url);
            Response second = get(url);

            assertEquals(2, n(second), cc);
            assertEquals("gatehouse; fwd=miss", second.header("Cache-Status"), cc);
        }
    }

    @Test
    void uses_the_route_default_ttl_only_where_one_is_configured() {
        String withTtl = url("/cachedttl");
        String withoutTtl = url("/cached");

        get(withTtl);
        get(withoutTtl);

        assertEquals(1, n(get(withTtl)));
        assertEquals(2, n(get(withoutTtl)));
    }

    @Test
    void takes_freshness_from_expires_and_does_not_store_an_answer_that_expired_already() {
        String future = url("/cached", "expires", "60");
        String past = url("/cached", "expires", "-60");

        get(future);
        get(past);

        assertEquals(1, n(get(future)));
        assertEquals(2, n(get(past)));
    }

    @Test
    void counts_the_upstream_age_in_the_age_it_serves_and_in_freshness() {
        String aged = url("/cached", "cc", "max-age=60", "age", "30");
        String tooOld = url("/cached", "cc", "max-age=60", "age", "60");

        get(aged);
        get(tooOld);
        Response hit = get(aged);

        assertEquals("HIT", hit.header("X-Cache"));
        assertTrue(Integer.parseInt(hit.header("Age")) >= 30, "Age " + hit.header("Age"));
        assertEquals(2, n(get(tooOld)));
    }

    @Test
    void lets_s_maxage_override_max_age_for_this_shared_cache() {
        String url = url("/cached", "cc", "max-age=0, s-maxage=60");

        get(url);

        assertEquals("HIT", get(url).header("X-Cache"));
    }

    @Test
    void goes_upstream_when_the_client_asks_for_no_cache_and_stores_the_new_answer() {
        String url = url("/cached", "cc", "max-age=60");
        get(url);

        Response revalidated = get(url, "Cache-Control", "no-cache");
        Response after = get(url);

        assertEquals(2, n(revalidated));
        assertEquals(2, n(after));
        assertEquals("HIT", after.header("X-Cache"));
    }

    @Test
    void invalidates_the_url_after_a_post_put_or_delete() {
        for (String method : new String[]{"POST", "PUT", "DELETE"}) {
            String url = url("/cached", "cc", "max-age=60");
            get(url);

            req().header("X-Api-Key", TestKeys.VALID).request(method, url).then().statusCode(200);
            Response after = get(url);

            assertEquals("MISS", after.header("X-Cache"), method);
        }
    }

    @Test
    void answers_head_from_a_stored_get_without_a_body() {
        String url = url("/cached", "cc", "max-age=60");
        Response stored = get(url);

        Response head = req().header("X-Api-Key", TestKeys.VALID).head(url);

        assertEquals(200, head.statusCode());
        assertEquals("HIT", head.header("X-Cache"));
        assertEquals(stored.header("Content-Length"), head.header("Content-Length"));
        assertNotNull(head.header("Age"), "RFC 9111 §5.1: every answer from cache carries Age");
        assertEquals("", head.asString());
    }

    @Test
    void checks_the_api_key_before_the_cache() {
        String url = url("/cached", "cc", "public, max-age=60");
        get(url);

        req().get(url).then().statusCode(401);
        req().header("X-Api-Key", "gh_NotAKeyAnyoneWasEverGiven000000000000000").get(url).then().statusCode(401);
    }

    @Test
    void shares_entries_across_consumers_unless_the_route_is_per_consumer() {
        String shared = url("/cached", "cc", "max-age=60");
        String perConsumer = url("/percons", "cc", "max-age=60");
        get(shared);
        get(perConsumer);

        Response otherShared = req().header("X-Api-Key", TestKeys.OTHER_APP).get(shared);
        Response otherOwn = req().header("X-Api-Key", TestKeys.OTHER_APP).get(perConsumer);

        assertEquals("HIT", otherShared.header("X-Cache"));
        assertEquals("MISS", otherOwn.header("X-Cache"));
        assertEquals("HIT", get(perConsumer).header("X-Cache"));
    }

    @Test
    void stores_an_answer_to_a_request_with_authorization_only_when_the_upstream_marks_it_public() {
        String plain = url("/cached", "cc", "max-age=60");
        String publicOne = url("/cached", "cc", "public, max-age=60");

        get(plain, "Authorization", "Bearer user-token");
        get(publicOne, "Authorization", "Bearer user-token");

        assertEquals("MISS", get(plain, "Authorization", "Bearer user-token").header("X-Cache"));
        assertEquals("HIT", get(publicOne, "Authorization", "Bearer user-token").header("X-Cache"));
    }

    @Test
    void never_stores_an_answer_that_sets_a_cookie() {
        String url = url("/cached", "cc", "max-age=60", "cookie", "abc");
        get(url);

        assertEquals("MISS", get(url).header("X-Cache"));
    }

    @Test
    void makes_one_upstream_call_for_a_burst_of_fifty_concurrent_misses() throws Exception {
        String url = url("/cached", "cc", "max-age=60", "delay", "300");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + url))
                    .header("X-Api-Key", TestKeys.VALID).build(), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"n\":1"), response.body());
            if (response.headers().firstValue("Cache-Status").orElse("").contains("hit")) {
                assertTrue(response.headers().firstValue("Age").isPresent(), "RFC 9111 §5.1: Age on every hit");
            }
        }
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }

    // --- RFC 9110 §13.1.2, §13.1.3, §15.4.5 and RFC 9111 §4.3.2: clients' conditional requests ---------------------

    private static final String MODIFIED = "Sat, 05 Dec 2026 12:00:00 GMT";

    @Test
    void revalidates_a_stale_entry_with_its_etag_and_serves_the_stored_body_after_a_304_rfc9111_4_3() throws Exception {
        String url = url("/cached", "cc", "max-age=2", "etag", "\"v1\"", "revalidate", "1");
        assertEquals(1, n(get(url)));
        Thread.sleep(3_000);

        Response revalidated = get(url);

        assertEquals(1, n(revalidated), "the stored body, not a new one");
        assertEquals("gatehouse; fwd=stale; fwd-status=304; stored", revalidated.header("Cache-Status"));
        assertEquals("2", revalidated.header("X-Revalidated"), "the 304's fields update the stored ones (§3.2)");
        assertEquals("\"v1\"", revalidated.header("ETag"));
        assertEquals(2, GatewayWorldResource.programmable().count(url.substring("/cached".length())), "one conditional request upstream");
        Response fresh = get(url);
        assertEquals(1, n(fresh));
        assertEquals("gatehouse; hit", fresh.header("Cache-Status"), "fresh again after the 304");
        assertEquals(2, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }

    @Test
    void revalidates_with_if_modified_since_and_stores_a_changed_answer_in_its_place_rfc9111_4_3_1() throws Exception {
        String url = url("/cached", "cc", "max-age=2", "lm", MODIFIED, "revalidate", "1");
        assertEquals(1, n(get(url)));
        Thread.sleep(3_000);

        Response revalidated = get(url);
        assertEquals(1, n(revalidated));
        assertEquals("gatehouse; fwd=stale; fwd-status=304; stored", revalidated.header("Cache-Status"));

        String changing = url("/cached", "cc", "max-age=2", "etag", "\"v1\"");
        assertEquals(1, n(get(changing)));
        Thread.sleep(3_000);
        Response changed = get(changing);
        assertEquals(2, n(changed), "the upstream did not answer 304: its new answer is relayed");
        assertEquals("gatehouse; fwd=miss; stored", changed.header("Cache-Status"));
        assertEquals(2, n(get(changing)), "and stored in place of the stale one");
    }

    @Test
    void answers_a_matching_if_none_match_from_a_fresh_entry_with_304_and_the_fields_a_200_would_carry_rfc9110_15_4_5() {
        String url = url("/cached", "cc", "max-age=60", "etag", "\"v1\"", "vary", "Accept");
        Response stored = get(url);

        Response notModified = get(url, "If-None-Match", "\"v0\", W/\"v1\"");

        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.asString());
        assertEquals("\"v1\"", notModified.header("ETag"));
        assertEquals("max-age=60", notModified.header("Cache-Control"));
        assertEquals("Accept", notModified.header("Vary"));
        assertEquals(stored.header("Date"), notModified.header("Date"));
        assertNotNull(notModified.header("Age"));
        assertEquals("gatehouse; hit", notModified.header("Cache-Status"));
        assertEquals(null, notModified.header("Content-Type"));
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }

    @Test
    void serves_the_full_stored_answer_when_if_none_match_does_not_match_rfc9110_13_1_2() {
        String url = url("/cached", "cc", "max-age=60", "etag", "\"v1\"");
        get(url);

        Response full = get(url, "If-None-Match", "\"v2\"");

        assertEquals(1, n(full));
        assertEquals("HIT", full.header("X-Cache"));
    }

    @Test
    void answers_if_modified_since_from_a_fresh_entry_only_without_if_none_match_rfc9110_13_1_3_and_13_2_2() {
        String url = url("/cached", "cc", "max-age=60", "etag", "\"v1\"", "lm", MODIFIED);
        get(url);

        assertEquals(304, get(url, "If-Modified-Since", MODIFIED).statusCode());
        assertEquals(1, n(get(url, "If-Modified-Since", "Sat, 05 Dec 2026 11:59:59 GMT")));
        assertEquals(1, n(get(url, "If-Modified-Since", "not a date")));
        assertEquals(1, n(get(url, "If-None-Match", "\"v2\"", "If-Modified-Since", MODIFIED)));
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }

    @Test
    void sends_preconditions_meant_for_the_origin_upstream_rfc9111_4_3_2() {
        String url = url("/cached", "cc", "max-age=60", "etag", "\"v1\"");
        get(url);

        Response ifMatch = get(url, "If-Match", "\"v1\"");

        assertEquals(2, n(ifMatch));
        assertEquals("gatehouse; fwd=bypass", ifMatch.header("Cache-Status"));
    }

    // --- RFC 9110 §14.2, §14.4 and §15.3.7: ranges from a stored 200, else passed through; a 206 is never stored ---

    @Test
    void answers_a_byte_range_of_a_fresh_stored_200_with_206_and_content_range_rfc9110_14_2() {
        String url = url("/cached", "cc", "max-age=60");
        String whole = get(url).asString();
        int length = whole.getBytes(StandardCharsets.UTF_8).length;

        Response first = get(url, "Range", "bytes=0-3");
        Response suffix = get(url, "Range", "bytes=-5");
        Response open = get(url, "Range", "bytes=2-");

        assertEquals(206, first.statusCode());
        assertEquals(whole.substring(0, 4), first.asString());
        assertEquals("bytes 0-3/" + length, first.header("Content-Range"));
        assertEquals("4", first.header("Content-Length"));
        assertNotNull(first.header("Age"));
        assertEquals("gatehouse; hit", first.header("Cache-Status"));
        assertEquals(whole.substring(length - 5), suffix.asString());
        assertEquals("bytes " + (length - 5) + "-" + (length - 1) + "/" + length, suffix.header("Content-Range"));
        assertEquals(whole.substring(2), open.asString());
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }

    @Test
    void answers_the_whole_stored_200_for_several_or_unsatisfiable_ranges_rfc9110_14_2() {
        String url = url("/cached", "cc", "max-age=60");
        String whole = get(url).asString();

        for (String range : List.of("bytes=0-1, 4-5", "bytes=100000-", "bytes=-0", "items=0-1", "bytes=5-2")) {
            Response answer = get(url, "Range", range);
            assertEquals(200, answer.statusCode(), range);
            assertEquals(whole, answer.asString(), range);
            assertEquals("HIT", answer.header("X-Cache"), range);
        }
    }

    @Test
    void passes_a_range_request_with_no_fresh_entry_upstream_and_never_stores_a_206_rfc9110_14_2() {
        String notStored = url("/cached", "cc", "max-age=60");
        String partial = url("/cached", "cc", "max-age=60", "status", "206");

        Response ranged = get(notStored, "Range", "bytes=0-1");
        Response plainAfter = get(notStored);
        get(partial);
        Response partialAgain = get(partial);

        assertEquals("gatehouse; fwd=bypass", ranged.header("Cache-Status"));
        assertEquals(2, n(plainAfter), "the answer to a range request is not stored");
        assertEquals(206, partialAgain.statusCode());
        assertEquals(2, partialAgain.jsonPath().getInt("n"));
        assertEquals("gatehouse; fwd=miss", partialAgain.header("Cache-Status"));
    }

    @Test
    void sends_a_range_request_with_if_range_upstream_rfc9110_13_1_5() {
        String url = url("/cached", "cc", "max-age=60", "etag", "\"v1\"");
        get(url);

        Response ifRange = get(url, "Range", "bytes=0-1", "If-Range", "\"v1\"");

        assertEquals(2, ifRange.jsonPath().getInt("n"));
        assertEquals("gatehouse; fwd=bypass", ifRange.header("Cache-Status"));
    }

    // --- RFC 9110 §15.1 and RFC 9111 §3, §4.2.2: which statuses are stored ----------------------------------------

    @Test
    void gives_the_default_ttl_only_to_heuristically_cacheable_statuses_and_needs_explicit_freshness_for_others_rfc9111_4_2_2() {
        String heuristic = url("/cachedttl", "status", "404");
        String notHeuristic = url("/cachedttl", "status", "402");
        String explicit = url("/cached", "status", "402", "cc", "max-age=60");
        for (String url : List.of(heuristic, notHeuristic, explicit)) {
            get(url);
        }

        assertEquals("HIT", get(heuristic).header("X-Cache"));
        assertEquals("MISS", get(notHeuristic).header("X-Cache"));
        Response stored = get(explicit);
        assertEquals(402, stored.statusCode());
        assertEquals("HIT", stored.header("X-Cache"));
    }

    // --- RFC 9111 §5.1 and §5.3: Age and Expires exactly as written ------------------------------------------------

    @Test
    void treats_an_expires_that_is_not_an_exact_http_date_or_sent_twice_as_already_expired_rfc9111_5_3() {
        String valid = "Thu, 18 Aug 2050 02:01:18 GMT";
        List<String> urls = List.of(
                url("/cachedttl", "h", "Expires:Thu, 18 Aug 50 02:01:18 GMT"),
                url("/cachedttl", "h", "Expires:Thu 18 Aug 2050 02:01:18 GMT"),
                url("/cachedttl", "h", "Expires:Thu, 18 Aug 2050  02:01:18 GMT"),
                url("/cachedttl", "h", "Expires:Thu, 18-Aug-2050 02:01:18 GMT"),
                url("/cachedttl", "h", "Expires:Thu, 18 Aug 2050 2:01:18 GMT"),
                url("/cachedttl", "h", "Expires:Thu, 18 Aug 2050 02:01:18 AEST"),
                url("/cachedttl", "h", "Expires:" + valid, "h", "Expires:" + valid));
        String control = url("/cachedttl", "h", "Expires:" + valid);

        get(control);
        assertEquals("HIT", get(control).header("X-Cache"));
        for (String url : urls) {
            get(url);
            assertEquals("MISS", get(url).header("X-Cache"), url);
        }
    }

    @Test
    void reads_a_list_valued_age_by_its_first_member_rfc9111_5_1() {
        String oldFirst = url("/cached", "cc", "max-age=3600", "age", "7200, 0");
        String freshFirst = url("/cached", "cc", "max-age=3600", "age", "0, 7200");
        get(oldFirst);
        get(freshFirst);

        assertEquals("MISS", get(oldFirst).header("X-Cache"));
        assertEquals("HIT", get(freshFirst).header("X-Cache"));
    }

    @Test
    void treats_conflicting_max_age_directives_as_stale_rfc9111_4_2_1() {
        String url = url("/cached", "cc", "max-age=1800, max-age=3600");
        get(url);

        assertEquals("MISS", get(url).header("X-Cache"));
    }

    // --- RFC 9213: targeted cache control ---------------------------------------------------------------------------

    @Test
    void obeys_cdn_cache_control_instead_of_cache_control_and_does_not_forward_it_rfc9213_2_1() {
        String url = url("/cached", "cc", "no-store", "h", "CDN-Cache-Control:max-age=60");

        Response first = get(url);
        Response second = get(url);

        assertEquals(null, first.header("CDN-Cache-Control"));
        assertEquals("no-store", first.header("Cache-Control"), "Cache-Control is for the caches downstream");
        assertEquals("HIT", second.header("X-Cache"));
        assertEquals(null, second.header("CDN-Cache-Control"));
    }

    @Test
    void obeys_the_configured_targeted_field_before_cdn_cache_control_rfc9213_2_1() {
        String url = url("/cached", "cc", "max-age=60", "h", "CDN-Cache-Control:max-age=60",
                "h", "Gatehouse-Cache-Control:no-store");

        Response first = get(url);
        Response second = get(url);

        assertEquals("MISS", second.header("X-Cache"));
        assertEquals(2, n(second));
        assertEquals(null, first.header("Gatehouse-Cache-Control"));
        assertEquals(null, first.header("CDN-Cache-Control"));
    }

    private static int upstreamCount(String url) {
        return GatewayWorldResource.programmable().count(url.substring("/cached".length()));
    }

    @Test
    void serves_a_stale_answer_at_once_within_stale_while_revalidate_and_refreshes_it_once_in_the_background_rfc5861_3()
            throws Exception {
        String url = url("/cached", "cc", "max-age=3, stale-while-revalidate=30", "delay", "400");
        assertEquals(1, n(get(url)));
        Thread.sleep(4_100);

        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 20; i++) {
            burst.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + url))
                    .header("X-Api-Key", TestKeys.VALID).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int staleAnswers = 0;
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> answer = f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            String status = answer.headers().firstValue("Cache-Status").orElse("");
            if (answer.body().contains("\"n\":1")) {
                // The stale answer, at once: nobody waited for the upstream.
                assertTrue(status.matches("gatehouse; hit; ttl=-\\d+; detail=stale-while-revalidate"), status);
                staleAnswers++;
            } else {
                // Or, for a request that came after the refresh ended, its fresh answer.
                assertTrue(answer.body().contains("\"n\":2"), answer.body());
                assertEquals("gatehouse; hit", status);
            }
        }
        assertTrue(staleAnswers >= 1, "the first request after the answer went stale got it stale");
        await(Duration.ofSeconds(10), "the background refresh to reach the upstream", () -> upstreamCount(url) >= 2);
        Response refreshed = null;
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
            refreshed = get(url);
            if ("gatehouse; hit".equals(refreshed.header("Cache-Status"))) {
                break;
            }
        }
        assertEquals("gatehouse; hit", refreshed.header("Cache-Status"), "fresh again once the refresh stored its answer");
        assertEquals(2, n(refreshed), "the refreshed answer");
        assertEquals(2, upstreamCount(url), "one background refresh for twenty stale answers");
    }

    @Test
    void goes_upstream_and_waits_once_the_stale_while_revalidate_window_is_over_rfc5861_3() throws Exception {
        String url = url("/cached", "cc", "max-age=2, stale-while-revalidate=1");
        assertEquals(1, n(get(url)));
        Thread.sleep(4_200);

        Response late = get(url);

        assertEquals(2, n(late));
        assertEquals("gatehouse; fwd=miss; stored", late.header("Cache-Status"));
    }

    @Test
    void answers_stale_instead_of_an_upstream_5xx_within_stale_if_error_rfc5861_4() throws Exception {
        String url = url("/cached", "cc", "max-age=2, stale-if-error=60", "failfrom", "2", "failwith", "503");
        assertEquals(1, n(get(url)));
        Thread.sleep(3_100);

        Response stale = get(url);

        assertEquals(1, n(stale), "the stored answer instead of the 503");
        assertTrue(stale.header("Cache-Status").matches("gatehouse; fwd=stale; fwd-status=503; ttl=-\\d+; detail=stale-if-error"),
                stale.header("Cache-Status"));
        assertNotNull(stale.header("Age"));
        assertEquals(2, upstreamCount(url), "the upstream was asked, and failed");
        assertEquals(1, n(get(url)), "and again: the 503 was not stored");
    }

    @Test
    void answers_stale_instead_of_the_gateways_own_502_when_the_upstream_closes_the_connection_rfc5861_4()
            throws Exception {
        String url = url("/cached", "cc", "max-age=2, stale-if-error=60", "failfrom", "2", "failwith", "close");
        assertEquals(1, n(get(url)));
        Thread.sleep(3_100);

        Response stale = get(url);

        assertEquals(1, n(stale));
        assertTrue(stale.header("Cache-Status").matches("gatehouse; fwd=stale; ttl=-\\d+; detail=stale-if-error"),
                stale.header("Cache-Status"));
    }

    @Test
    void relays_the_error_when_the_answer_gave_no_stale_if_error_or_it_is_over_rfc5861_4() throws Exception {
        String without = url("/cached", "cc", "max-age=2", "etag", "\"v1\"", "failfrom", "2", "failwith", "503");
        String over = url("/cached", "cc", "max-age=2, stale-if-error=1", "etag", "\"v1\"", "failfrom", "2", "failwith", "503");
        assertEquals(1, n(get(without)));
        assertEquals(1, n(get(over)));
        Thread.sleep(4_200);

        get(without).then().statusCode(503);
        get(over).then().statusCode(503);
    }

    @Test
    void never_serves_stale_what_must_revalidate_or_s_maxage_protects_rfc9111_4_2_4() throws Exception {
        for (String cc : new String[] {"max-age=2, must-revalidate, stale-if-error=60, stale-while-revalidate=60",
                "s-maxage=2, stale-if-error=60, stale-while-revalidate=60"}) {
            // With a validator, so the answer is kept past its freshness (to revalidate) and could be served stale.
            String url = url("/cached", "cc", cc, "etag", "\"v1\"", "failfrom", "2", "failwith", "503");
            assertEquals(1, n(get(url)), cc);
            Thread.sleep(3_100);

            get(url).then().statusCode(503);
        }
    }

    @Test
    void lets_a_request_accept_stale_answers_with_max_stale_or_its_own_stale_if_error_rfc9111_5_2_1_2_and_rfc5861_4()
            throws Exception {
        String url = url("/cached", "cc", "max-age=2", "etag", "\"v1\"", "failfrom", "3", "failwith", "503");
        assertEquals(1, n(get(url)));
        Thread.sleep(3_100);

        Response byMaxStale = get(url, "Cache-Control", "max-stale=60");
        assertEquals(1, n(byMaxStale));
        assertTrue(byMaxStale.header("Cache-Status").matches("gatehouse; hit; ttl=-\\d+; detail=max-stale"),
                byMaxStale.header("Cache-Status"));
        get(url, "Cache-Control", "max-stale=0").then().statusCode(200);
        assertEquals(2, upstreamCount(url), "max-stale=0 does not accept it: revalidated upstream");

        Thread.sleep(3_100);
        get(url).then().statusCode(503);
        Response byRequest = get(url, "Cache-Control", "stale-if-error=60");
        assertEquals(2, n(byRequest), "the request's stale-if-error lets the stale answer (the second) stand in for the 503");
    }

    @Test
    void honours_min_fresh_and_a_request_max_age_and_answers_only_if_cached_with_504_when_nothing_is_stored_rfc9111_5_2_1()
            {
        String url = url("/cached", "cc", "max-age=60");
        Response first = get(url);
        assertEquals(1, n(first));
        assertEquals("gatehouse; fwd=miss; stored", first.header("Cache-Status"));

        assertEquals(1, n(get(url, "Cache-Control", "min-fresh=10")));
        assertEquals(2, n(get(url, "Cache-Control", "min-fresh=120")), "not fresh for 120 s more: upstream");
        assertEquals(2, n(get(url, "Cache-Control", "only-if-cached")), "stored: answered from cache");

        Response none = get(url("/cached", "cc", "max-age=60"), "Cache-Control", "only-if-cached");
        none.then().statusCode(504).contentType("application/problem+json");
        assertEquals("urn:gatehouse:problem:not-cached", none.jsonPath().getString("type"));
        get(url, "Cache-Control", "only-if-cached", "If-Match", "\"x\"").then().statusCode(504);
        assertEquals(2, upstreamCount(url), "only-if-cached never goes upstream, even for origin-only preconditions");
    }
}
