package io.gatehouse.management.apis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsing rules of gateway options, without I/O. */
class GatewayOptionsRulesTest {

    @Test
    void accepts_ipv4_and_ipv6_addresses_and_blocks() {
        for (String ok : List.of("10.0.0.0/8", "10.6.6.6", "0.0.0.0/0", "2001:db8::/32", "::1", "::/0", "fe80::1/128")) {
            assertTrue(GatewayOptionsRules.isCidr(ok), ok);
        }
    }

    @Test
    void refuses_host_names_bad_prefixes_and_malformed_addresses() {
        for (String bad : List.of("example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0", "256.1.1.1", "10.0.0.1/",
                "10.0.0.1/8/8", "1:2:3:4:5:6:7:8:9", "", " ", "010.0.0.1/-1")) {
            assertFalse(GatewayOptionsRules.isCidr(bad), bad);
        }
    }

    @Test
    void an_origin_is_star_or_scheme_host_and_port_only() {
        for (String ok : List.of("*", "https://app.example", "http://localhost:3000", "https://[2001:db8::1]:8443")) {
            assertTrue(GatewayOptionsRules.isOrigin(ok), ok);
        }
        for (String bad : List.of("https://app.example/", "https://app.example/path", "ftp://x", "app.example",
                "https://user@app.example", "https://App.Example", "https://app.example?x=1", "null")) {
            assertFalse(GatewayOptionsRules.isOrigin(bad), bad);
        }
    }

    @Test
    void a_scope_is_printable_ascii_without_spaces_quotes_or_backslashes() {
        for (String ok : List.of("orders:write", "read", "https://api.example/orders.read", "a!#$%&'()*+,-./")) {
            assertTrue(GatewayOptionsRules.isScope(ok), ok);
        }
        for (String bad : List.of("", "two words", "quo\"te", "back\\slash", "tab\t", "caf\u00e9")) {
            assertFalse(GatewayOptionsRules.isScope(bad), bad);
        }
    }

    @Test
    void a_jwks_url_is_an_absolute_http_or_https_url() {
        for (String ok : List.of("https://login.example/.well-known/jwks.json", "http://127.0.0.1:8080/jwks")) {
            assertTrue(GatewayOptionsRules.isHttpUrl(ok), ok);
        }
        for (String bad : List.of("ftp://login.example/jwks", "/jwks", "login.example/jwks", "https://user@login.example/",
                "https://login.example/#frag", "https://")) {
            assertFalse(GatewayOptionsRules.isHttpUrl(bad), bad);
        }
    }
}
