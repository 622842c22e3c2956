package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.policy.access.IpRange;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardingHeadersTest {

    private static final List<IpRange> TRUSTED = IpRange.parseAll(List.of("10.0.0.0/8"));

    private static MultiMap toUpstream(MultiMap in, String peer, List<IpRange> trusted, String scheme) {
        return ForwardingHeaders.toUpstream(in, ClientChain.resolve(peer, in, trusted), scheme, "1.1", "req-1");
    }

    @Test
    void drops_hop_by_hop_headers_those_named_by_connection_and_the_api_key() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap()
                .add("Host", "gw.example:8080")
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("X-Secret-Hop", "1")
                .add("Keep-Alive", "timeout=5")
                .add("TE", "trailers")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c")
                .add("Proxy-Authorization", "Basic x")
                .add("X-Api-Key", "gh_secret")
                .add("Accept", "application/json");

        MultiMap out = toUpstream(in, "10.0.0.9", List.of(), "http");

        for (String gone : new String[]{"Host", "Connection", "X-Secret-Hop", "Keep-Alive", "TE", "Transfer-Encoding",
                "Upgrade", "Proxy-Authorization", "X-Api-Key"}) {
            assertFalse(out.contains(gone), gone);
        }
        assertEquals("application/json", out.get("Accept"));
        assertEquals("10.0.0.9", out.get("X-Forwarded-For"));
        assertEquals("http", out.get("X-Forwarded-Proto"));
        assertEquals("gw.example:8080", out.get("X-Forwarded-Host"));
        assertEquals("for=10.0.0.9;host=\"gw.example:8080\";proto=http", out.get("Forwarded"));
        assertEquals("1.1 gatehouse", out.get("Via"));
        assertEquals("req-1", out.get("X-Request-Id"));
    }

    @Test
    void drops_an_apikey_authorization_but_keeps_other_schemes() {
        MultiMap apiKey = toUpstream(MultiMap.caseInsensitiveMultiMap().add("Authorization", "ApiKey gh_secret"),
                "1.1.1.1", List.of(), "http");
        MultiMap bearer = toUpstream(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer abc"),
                "1.1.1.1", List.of(), "http");

        assertFalse(apiKey.contains("Authorization"));
        assertEquals("Bearer abc", bearer.get("Authorization"));
    }

    @Test
    void replaces_the_forwarding_headers_an_untrusted_client_sent() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap().add("Host", "api.example")
                .add("X-Forwarded-For", "1.2.3.4").add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Host", "evil.example").add("Forwarded", "for=1.2.3.4").add("X-Real-IP", "1.2.3.4");

        MultiMap out = toUpstream(in, "203.0.113.7", TRUSTED, "http");

        assertEquals("203.0.113.7", out.get("X-Forwarded-For"));
        assertEquals("http", out.get("X-Forwarded-Proto"));
        assertEquals("api.example", out.get("X-Forwarded-Host"));
        assertEquals("for=203.0.113.7;host=api.example;proto=http", out.get("Forwarded"));
        assertFalse(out.contains("X-Real-IP"));
    }

    @Test
    void appends_the_trusted_proxy_to_the_chain_it_forwarded_and_keeps_its_proto_and_host() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap().add("Host", "internal:8080")
                .add("X-Forwarded-For", "203.0.113.7").add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Host", "api.example").add("Forwarded", "for=203.0.113.7;proto=https");

        MultiMap out = toUpstream(in, "10.0.0.9", TRUSTED, "http");

        assertEquals("203.0.113.7, 10.0.0.9", out.get("X-Forwarded-For"));
        assertEquals("https", out.get("X-Forwarded-Proto"));
        assertEquals("api.example", out.get("X-Forwarded-Host"));
        assertEquals("for=203.0.113.7;proto=https, for=10.0.0.9;host=\"internal:8080\";proto=http", out.get("Forwarded"));
    }

    @Test
    void quotes_an_ipv6_client_in_forwarded() {
        assertEquals("for=\"[2001:db8::1]\";proto=https", ForwardingHeaders.forwardedElement("2001:db8::1", null, "https"));
    }

    @Test
    void appends_to_an_existing_via_in_both_directions() {
        MultiMap out = toUpstream(MultiMap.caseInsensitiveMultiMap().add("Via", "1.1 cdn"), "1.1.1.1", List.of(), "http");
        MultiMap client = MultiMap.caseInsensitiveMultiMap();

        ForwardingHeaders.toClient(MultiMap.caseInsensitiveMultiMap().add("Via", "1.0 origin-cache"), client, "1.0");

        assertEquals("1.1 cdn, 1.1 gatehouse", out.get("Via"));
        assertEquals("1.0 origin-cache, 1.0 gatehouse", client.get("Via"));
    }

    @Test
    void drops_hop_by_hop_headers_from_the_upstream_response_including_those_named_by_connection() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap();

        ForwardingHeaders.toClient(MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "close, X-Upstream-Hop").add("X-Upstream-Hop", "1").add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked").add("Upgrade", "websocket")
                .add("Set-Cookie", "a=1").add("Set-Cookie", "b=2").add("Content-Type", "text/plain"), client, "1.1");

        for (String gone : new String[]{"Connection", "X-Upstream-Hop", "Keep-Alive", "Transfer-Encoding", "Upgrade"}) {
            assertFalse(client.contains(gone), gone);
        }
        assertEquals(2, client.getAll("Set-Cookie").size());
        assertTrue(client.contains("Content-Type"));
    }

    @Test
    void drops_underscored_names_and_url_or_client_overrides_unless_the_api_forwards_unsafe_headers() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap()
                .add("Transfer_Encoding", "chunked")
                .add("X_Forwarded_For", "6.6.6.6")
                .add("X-Original-URL", "/admin")
                .add("x-rewrite-url", "/admin")
                .add("True-Client-IP", "6.6.6.6")
                .add("X-Safe-Header", "kept");
        ClientChain chain = ClientChain.resolve("192.0.2.1", in, List.of());

        MultiMap dropped = ForwardingHeaders.toUpstream(in, chain, "http", "1.1", "req-1", false);
        MultiMap forwarded = ForwardingHeaders.toUpstream(in, chain, "http", "1.1", "req-1", true);

        for (String unsafe : new String[]{"Transfer_Encoding", "X_Forwarded_For", "X-Original-URL", "X-Rewrite-URL",
                "True-Client-IP"}) {
            assertFalse(dropped.contains(unsafe), unsafe + " dropped by default");
            assertTrue(forwarded.contains(unsafe), unsafe + " forwarded when the API opts in");
        }
        assertEquals("kept", dropped.get("X-Safe-Header"));
        assertEquals("192.0.2.1", forwarded.get("X-Forwarded-For"), "opting in never lets a client set X-Forwarded-For");
    }
}
