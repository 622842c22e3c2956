package io.gatehouse.upstreams;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which network addresses an API's upstream, target, health check or JWKS URL may lead the gateway to. Pure
 * classification of one resolved address; no I/O. The gateway applies it when it connects
 * ({@code proxy.UpstreamAddressGuard}), management when an API is saved ({@code apis.UpstreamAddresses}): one rule,
 * so a URL management accepts is one the gateway will connect to.
 * <ul>
 *   <li>{@link Verdict#FORBIDDEN}, always: "this network" {@code 0.0.0.0/8} and {@code ::}, link-local
 *       {@code 169.254.0.0/16} and {@code fe80::/10} (which hold the cloud metadata services), the metadata
 *       addresses {@code fd00:ec2::254} and {@code 100.100.100.200}, multicast, the reserved {@code 240.0.0.0/4}
 *       and broadcast;</li>
 *   <li>{@link Verdict#PRIVATE}, allowed only when the operator says so: loopback {@code 127.0.0.0/8} and
 *       {@code ::1}, RFC 1918 {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, shared (CGNAT)
 *       {@code 100.64/10}, unique-local {@code fc00::/7} and site-local {@code fec0::/10};</li>
 *   <li>{@link Verdict#PUBLIC}, everything else.</li>
 * </ul>
 * An IPv4 address inside IPv6 (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged as the IPv4 address it carries.
 */
public final class UpstreamAddressRule {

    /** What an address is, for the purpose of connecting to it. */
    public enum Verdict { PUBLIC, PRIVATE, FORBIDDEN }

    private UpstreamAddressRule() {
    }

    /** Whether the gateway may connect to {@code address}; private ranges only with {@code allowPrivate}. */
    public static boolean permits(InetAddress address, boolean allowPrivate) {
        Verdict verdict = classify(address);
        return verdict == Verdict.PUBLIC || (verdict == Verdict.PRIVATE && allowPrivate);
    }

    public static Verdict classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classify4(b, 0);
        }
        if (address instanceof Inet6Address) {
            return classify6(b);
        }
        return Verdict.FORBIDDEN;
    }

    private static Verdict classify4(byte[] b, int at) {
        int a0 = b[at] & 0xff;
        int a1 = b[at + 1] & 0xff;
        int a2 = b[at + 2] & 0xff;
        int a3 = b[at + 3] & 0xff;
        if (a0 == 0 || (a0 == 169 && a1 == 254) || a0 >= 224) {
            return Verdict.FORBIDDEN;
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return Verdict.FORBIDDEN;
        }
        if (a0 == 127 || a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)
                || (a0 == 100 && (a1 & 0xc0) == 64)) {
            return Verdict.PRIVATE;
        }
        return Verdict.PUBLIC;
    }

    private static Verdict classify6(byte[] b) {
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classify4(b, 12);
        }
        if (zero(b, 0, 12)) {
            if (zero(b, 12, 15)) {
                int last = b[15] & 0xff;
                if (last == 0) {
                    return Verdict.FORBIDDEN;
                }
                if (last == 1) {
                    return Verdict.PRIVATE;
                }
            }
            return classify4(b, 12);
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && zero(b, 4, 12)) {
            return classify4(b, 12);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return classify4(b, 2);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff || (first == 0xfe && (second & 0xc0) == 0x80)) {
            return Verdict.FORBIDDEN;
        }
        if (isEc2Metadata(b)) {
            return Verdict.FORBIDDEN;
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return Verdict.PRIVATE;
        }
        return Verdict.PUBLIC;
    }

    /** {@code fd00:ec2::254}, the IPv6 address of the EC2 instance metadata service. */
    private static boolean isEc2Metadata(byte[] b) {
        return (b[0] & 0xff) == 0xfd && b[1] == 0 && b[2] == 0x0e && (b[3] & 0xff) == 0xc2 && zero(b, 4, 14)
                && b[14] == 0x02 && b[15] == 0x54;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
