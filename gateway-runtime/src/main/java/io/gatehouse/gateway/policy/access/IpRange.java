package io.gatehouse.gateway.policy.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 or IPv6 CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128),
 * parsed once when config is loaded. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) match IPv4 blocks.
 */
public final class IpRange {

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private IpRange(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /** Parses a CIDR; throws {@link IllegalArgumentException} naming the bad value. */
    public static IpRange parse(String cidr) {
        String s = cidr == null ? "" : cidr.trim();
        int slash = s.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + cidr + "'");
        }
        int max = address.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("prefix length must be 0.." + max + ": '" + cidr + "'");
            }
        }
        return new IpRange(mask(address, bits), bits, s);
    }

    public static List<IpRange> parseAll(List<String> cidrs) {
        return cidrs == null ? List.of() : cidrs.stream().map(IpRange::parse).toList();
    }

    /** True if {@code address} (an IP literal) lies in this block; anything that is not an IP literal never does. */
    public boolean contains(String address) {
        byte[] a = parseAddress(address);
        return a != null && contains(a);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefixBits), network);
    }

    /** True if any of {@code ranges} contains {@code address}. */
    public static boolean anyContains(List<IpRange> ranges, String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        byte[] a = parseAddress(address);
        if (a == null) {
            return false;
        }
        for (IpRange range : ranges) {
            if (range.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code s} is an IPv4 or IPv6 literal. */
    public static boolean isAddress(String s) {
        return parseAddress(s) != null;
    }

    /**
     * The bytes of an IP literal (IPv4-mapped IPv6 folded to IPv4), or {@code null} if {@code s} is not one.
     * Never resolves a name: only strings made of address characters reach {@link InetAddress}.
     */
    static byte[] parseAddress(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        String t = s;
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        if (t.indexOf(':') < 0) {
            return parseIpv4(t);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i == s.length() ? '.' : s.charAt(i);
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
