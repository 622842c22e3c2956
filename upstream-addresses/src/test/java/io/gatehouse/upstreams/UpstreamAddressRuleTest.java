package io.gatehouse.upstreams;

import io.gatehouse.upstreams.UpstreamAddressRule.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamAddressRuleTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // always forbidden: metadata, link-local, "this network", multicast, reserved, broadcast
            "169.254.169.254, FORBIDDEN",
            "169.254.0.1, FORBIDDEN",
            "100.100.100.200, FORBIDDEN",
            "0.0.0.0, FORBIDDEN",
            "0.1.2.3, FORBIDDEN",
            "224.0.0.1, FORBIDDEN",
            "240.0.0.1, FORBIDDEN",
            "255.255.255.255, FORBIDDEN",
            "fd00:ec2::254, FORBIDDEN",
            "fe80::1, FORBIDDEN",
            "febf::1, FORBIDDEN",
            "ff02::1, FORBIDDEN",
            "::, FORBIDDEN",
            "::ffff:169.254.169.254, FORBIDDEN",
            "::169.254.169.254, FORBIDDEN",
            "64:ff9b::a9fe:a9fe, FORBIDDEN",
            "2002:a9fe:a9fe::1, FORBIDDEN",
            // private unless allowed
            "127.0.0.1, PRIVATE",
            "127.255.0.9, PRIVATE",
            "::1, PRIVATE",
            "10.1.2.3, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE",
            "100.127.255.255, PRIVATE",
            "fc00::1, PRIVATE",
            "fd12:3456::1, PRIVATE",
            "fd00:ec2::253, PRIVATE",
            "fec0::1, PRIVATE",
            "::ffff:127.0.0.1, PRIVATE",
            "::ffff:10.0.0.1, PRIVATE",
            "64:ff9b::7f00:1, PRIVATE",
            // public
            "8.8.8.8, PUBLIC",
            "172.15.255.255, PUBLIC",
            "172.32.0.1, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.1, PUBLIC",
            "169.253.1.1, PUBLIC",
            "192.169.0.1, PUBLIC",
            "223.255.255.254, PUBLIC",
            "2001:4860:4860::8888, PUBLIC",
            "::ffff:8.8.8.8, PUBLIC",
            "fbff::1, PUBLIC",
    })
    void classifies_each_address_by_its_range(String literal, Verdict expected) throws UnknownHostException {
        assertEquals(expected, UpstreamAddressRule.classify(InetAddress.getByName(literal)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"169.254.169.254", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254", "0.0.0.0"})
    void never_permits_link_local_or_metadata_addresses_even_when_private_ones_are_allowed(String literal)
            throws UnknownHostException {
        assertFalse(UpstreamAddressRule.permits(InetAddress.getByName(literal), true));
        assertFalse(UpstreamAddressRule.permits(InetAddress.getByName(literal), false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"127.0.0.1", "::1", "10.0.0.1", "192.168.0.10", "fd12::1"})
    void permits_private_addresses_only_when_allowed(String literal) throws UnknownHostException {
        assertTrue(UpstreamAddressRule.permits(InetAddress.getByName(literal), true));
        assertFalse(UpstreamAddressRule.permits(InetAddress.getByName(literal), false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"8.8.8.8", "2001:4860:4860::8888"})
    void permits_public_addresses_either_way(String literal) throws UnknownHostException {
        assertTrue(UpstreamAddressRule.permits(InetAddress.getByName(literal), true));
        assertTrue(UpstreamAddressRule.permits(InetAddress.getByName(literal), false));
    }
}
