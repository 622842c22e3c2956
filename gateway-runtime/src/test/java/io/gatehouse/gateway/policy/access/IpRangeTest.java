package io.gatehouse.gateway.policy.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpRangeTest {

    @Test
    void matches_ipv4_blocks_at_their_boundaries() {
        IpRange range = IpRange.parse("10.1.0.0/16");

        assertTrue(range.contains("10.1.0.0"));
        assertTrue(range.contains("10.1.255.255"));
        assertFalse(range.contains("10.2.0.0"));
        assertFalse(range.contains("10.0.255.255"));
    }

    @Test
    void treats_a_bare_address_as_a_single_host() {
        assertTrue(IpRange.parse("192.0.2.7").contains("192.0.2.7"));
        assertFalse(IpRange.parse("192.0.2.7").contains("192.0.2.8"));
    }

    @Test
    void matches_ipv6_blocks_and_ipv4_mapped_addresses() {
        assertTrue(IpRange.parse("2001:db8::/32").contains("2001:db8:1::5"));
        assertFalse(IpRange.parse("2001:db8::/32").contains("2001:db9::1"));
        assertTrue(IpRange.parse("127.0.0.0/8").contains("::ffff:127.0.0.1"));
        assertTrue(IpRange.parse("::1").contains("0:0:0:0:0:0:0:1"));
    }

    @Test
    void never_matches_names_or_garbage_and_never_resolves_them() {
        List<IpRange> all = IpRange.parseAll(List.of("0.0.0.0/0", "::/0"));

        assertFalse(IpRange.anyContains(all, "localhost"));
        assertFalse(IpRange.anyContains(all, "1.2.3"));
        assertFalse(IpRange.anyContains(all, "1.2.3.256"));
        assertFalse(IpRange.anyContains(all, null));
    }

    @Test
    void refuses_bad_blocks_with_a_message_naming_them() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpRange.parse("10.0.0.0/33"));
        assertTrue(e.getMessage().contains("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> IpRange.parse("example.com"));
    }
}
