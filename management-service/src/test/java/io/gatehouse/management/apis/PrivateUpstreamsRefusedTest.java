package io.gatehouse.management.apis;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With {@code gatehouse.upstreams.allow-private=false}, the production default, loopback and private URLs are refused. */
@QuarkusTest
@TestProfile(PrivateUpstreamsRefusedTest.NoPrivateUpstreams.class)
class PrivateUpstreamsRefusedTest {

    public static class NoPrivateUpstreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.upstreams.allow-private", "false");
        }
    }

    @Test
    void refuses_an_upstream_on_loopback_naming_the_setting_that_would_allow_it() {
        admin().body(Map.of("name", unique("Loop"), "routePath", "/" + unique("loop"),
                        "upstreamUrl", "http://127.0.0.1:8081/admin/v1/gateways"))
                .post("/admin/v1/apis").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:upstream-forbidden"))
                .body("errors.field", equalTo(List.of("upstreamUrl")))
                .body("errors[0].message", containsString("gatehouse.upstreams.allow-private"));
    }

    @Test
    void refuses_a_host_name_that_resolves_to_loopback_and_private_ranges() {
        for (String url : List.of("http://localhost:8081", "http://[::1]:8081", "http://10.0.0.5", "http://192.168.1.1",
                "http://172.16.0.1")) {
            admin().body(Map.of("name", unique("Private"), "routePath", "/" + unique("private"), "upstreamUrl", url))
                    .post("/admin/v1/apis").then().statusCode(400)
                    .body("type", equalTo("urn:gatehouse:problem:upstream-forbidden"));
        }
    }

    @Test
    void accepts_a_public_address_and_a_name_that_does_not_resolve() {
        admin().body(Map.of("name", unique("Public"), "routePath", "/" + unique("public"),
                        "upstreamUrl", "http://93.184.215.14/v1"))
                .post("/admin/v1/apis").then().statusCode(201);
        admin().body(Map.of("name", unique("Unknown"), "routePath", "/" + unique("unknown"),
                        "upstreamUrl", "http://upstream.invalid/v1"))
                .post("/admin/v1/apis").then().statusCode(201);
    }
}
