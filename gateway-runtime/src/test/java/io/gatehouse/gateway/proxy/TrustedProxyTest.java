package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the test client's loopback address configured as a trusted proxy, its X-Forwarded-* are believed. */
@QuarkusTest
@TestProfile(TrustedProxyTest.LoopbackIsTrusted.class)
class TrustedProxyTest {

    public static class LoopbackIsTrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.gateway.trusted-proxies", "127.0.0.0/8,::1");
        }
    }

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @Test
    void appends_a_trusted_proxy_to_the_chain_it_sent_and_keeps_its_proto_and_host() {
        JsonObject headers = new JsonObject(given().header("X-Api-Key", TestKeys.VALID)
                .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example").get("/demo/x").then().statusCode(200).extract().asString())
                .getJsonObject("headers");

        assertEquals("203.0.113.9, 127.0.0.1", headers.getString("x-forwarded-for"));
        assertEquals("https", headers.getString("x-forwarded-proto"));
        assertEquals("api.example", headers.getString("x-forwarded-host"));
    }

    @Test
    void uses_the_client_named_by_a_trusted_proxy_as_the_client_address_of_the_policies() {
        // /guarded denies loopback: the proxy itself is denied, the client it names is not.
        given().header("X-Api-Key", TestKeys.VALID).get("/guarded/x").then().statusCode(403);
        given().header("X-Api-Key", TestKeys.VALID).header("X-Forwarded-For", "198.51.100.1").get("/guarded/x").then()
                .statusCode(200);
    }
}
