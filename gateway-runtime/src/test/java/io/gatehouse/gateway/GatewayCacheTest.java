package io.gatehouse.gateway;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.TestKeys;
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
import static io.gatehouse.gateway.support.GatewayWorld.readyVersion;
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
        await(Duration.ofSeconds(20), "the gateway to load a config", () -> readyVersion() >= 1);
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
        }
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/cached".length())));
    }
}
