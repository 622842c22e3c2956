package io.gatehouse.management.apis;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.firstRoute;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.publishedApi;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Upstream URLs that lead to link-local or metadata addresses are refused when saved, even though this profile allows
 * private ones ({@code %test.gatehouse.upstreams.allow-private=true}); a port past 65535 is a 400, never a 500.
 */
@QuarkusTest
class UpstreamAddressesTest {

    private static final String FORBIDDEN = "urn:gatehouse:problem:upstream-forbidden";

    @Test
    void refuses_an_api_whose_upstream_is_the_metadata_address_even_with_private_addresses_allowed() {
        admin().body(Map.of("name", unique("Meta"), "routePath", "/" + unique("meta"),
                        "upstreamUrl", "http://169.254.169.254/latest/meta-data"))
                .post("/admin/v1/apis").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(FORBIDDEN))
                .body("errors.field", equalTo(List.of("upstreamUrl")))
                .body("errors[0].message", containsString("169.254.169.254"));
    }

    @Test
    void refuses_metadata_and_link_local_targets_in_any_notation_and_keeps_the_old_targets() {
        String api = publishedApi();
        String path = "/admin/v1/apis/" + api + "/targets";
        admin().body(Map.of("targets", List.of(Map.of("url", "http://127.0.0.1:9/ok"),
                        Map.of("url", "http://[fd00:ec2::254]/latest"),
                        Map.of("url", "http://[::ffff:169.254.169.254]:80/"),
                        Map.of("url", "https://[fe80::1]:8443/x"))))
                .put(path).then().statusCode(400)
                .body("type", equalTo(FORBIDDEN))
                .body("errors.field", equalTo(List.of("targets[1].url", "targets[2].url", "targets[3].url")));
        admin().get("/admin/v1/apis/" + api).then().body("targets", hasSize(1))
                .body("targets[0].url", equalTo("http://127.0.0.1:9/base"));
        admin().body(Map.of("upstreamUrl", "http://0.0.0.0:8080")).patch("/admin/v1/apis/" + api).then()
                .statusCode(400).body("type", equalTo(FORBIDDEN)).body("errors.field", equalTo(List.of("upstreamUrl")));
    }

    @Test
    void refuses_a_jwks_url_and_a_composition_part_on_the_metadata_address() {
        String api = publishedApi();
        admin().body(Map.of("auth", Map.of("jwt", Map.of("issuer", "https://login.example.com",
                        "jwksUrl", "http://169.254.169.254/keys", "audiences", List.of("orders")))))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(400)
                .body("type", equalTo(FORBIDDEN)).body("errors.field", equalTo(List.of("auth.jwt.jwksUrl")));
        admin().body(Map.of("compose", Map.of("parts", List.of(Map.of("name", "a", "url", "/a"),
                        Map.of("name", "b", "url", "http://[fd00:ec2::254]/b")))))
                .put("/admin/v1/apis/" + api + "/routes/" + firstRoute(api) + "/options").then().statusCode(400)
                .body("type", equalTo(FORBIDDEN)).body("errors.field", equalTo(List.of("compose.parts[1].url")));
        admin().body(Map.of("pathPrefix", "/" + unique("meta"), "options", Map.of("compose", Map.of("parts",
                        List.of(Map.of("name", "a", "url", "http://169.254.169.254/a"))))))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("type", equalTo(FORBIDDEN)).body("errors.field", equalTo(List.of("options.compose.parts[0].url")));
    }

    @Test
    void accepts_loopback_when_private_addresses_are_allowed() {
        String api = publishedApi();
        admin().body(Map.of("targets", List.of(Map.of("url", "http://localhost:9/a"), Map.of("url", "http://[::1]:9/b"))))
                .put("/admin/v1/apis/" + api + "/targets").then().statusCode(200).body("targets", hasSize(2));
    }

    @Test
    void answers_400_for_a_port_past_65535_or_port_0() {
        admin().body(Map.of("name", unique("Port"), "routePath", "/" + unique("port"),
                        "upstreamUrl", "http://upstream.example.com:70000/v1"))
                .post("/admin/v1/apis").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("upstreamUrl")));
        String api = publishedApi();
        admin().body(Map.of("targets", List.of(Map.of("url", "http://upstream.example.com:0/v1"))))
                .put("/admin/v1/apis/" + api + "/targets").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("targets[0].url")));
        admin().body(Map.of("auth", Map.of("jwt", Map.of("issuer", "https://login.example.com",
                        "jwksUrl", "https://login.example.com:65536/keys", "audiences", List.of("orders")))))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("auth.jwt.jwksUrl")));
        admin().body(Map.of("compose", Map.of("parts", List.of(Map.of("name", "a", "url", "http://parts.example.com:99999/a")))))
                .put("/admin/v1/apis/" + api + "/routes/" + firstRoute(api) + "/options").then().statusCode(400)
                .body("errors.field", equalTo(List.of("compose.parts[0].url")));
    }
}
