package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.policy.access.IpRange;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientChainTest {

    private static final List<IpRange> TRUSTED = IpRange.parseAll(List.of("10.0.0.0/8", "192.168.1.1"));

    private static MultiMap xff(String... values) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String v : values) {
            headers.add("X-Forwarded-For", v);
        }
        return headers;
    }

    @Test
    void takes_the_peer_as_the_client_when_no_proxy_is_trusted() {
        ClientChain chain = ClientChain.resolve("10.0.0.9", xff("1.2.3.4"), List.of());

        assertEquals("10.0.0.9", chain.clientIp());
        assertEquals("10.0.0.9", chain.forwardedFor());
        assertFalse(chain.trustedPeer());
    }

    @Test
    void ignores_a_spoofed_chain_from_an_untrusted_peer() {
        ClientChain chain = ClientChain.resolve("203.0.113.7", xff("1.2.3.4"), TRUSTED);

        assertEquals("203.0.113.7", chain.clientIp());
        assertEquals("203.0.113.7", chain.forwardedFor());
    }

    @Test
    void walks_the_chain_from_the_right_through_trusted_proxies_to_the_first_untrusted_hop() {
        ClientChain chain = ClientChain.resolve("10.0.0.9", xff("6.6.6.6, 203.0.113.7", "192.168.1.1"), TRUSTED);

        assertEquals("203.0.113.7", chain.clientIp());
        assertEquals("203.0.113.7, 192.168.1.1, 10.0.0.9", chain.forwardedFor());
        assertTrue(chain.trustedPeer());
    }

    @Test
    void takes_the_leftmost_hop_when_every_hop_is_trusted() {
        assertEquals("10.1.1.1", ClientChain.resolve("10.0.0.9", xff("10.1.1.1, 10.2.2.2"), TRUSTED).clientIp());
    }

    @Test
    void believes_only_the_trusted_peer_when_the_chain_names_something_that_is_not_an_address() {
        ClientChain chain = ClientChain.resolve("10.0.0.9", xff("evil.example"), TRUSTED);

        assertEquals("10.0.0.9", chain.clientIp());
        assertEquals("10.0.0.9", chain.forwardedFor());
    }
}
