package io.gatehouse.gateway.cache;

/**
 * One satisfiable byte range of a stored complete representation (RFC 9110 §14.1.2), resolved against its length:
 * {@code first} and {@code last} are inclusive offsets.
 * <p>
 * {@link #parse} returns {@code null} whenever the cache answers the whole stored 200 instead, which §14.2 allows
 * (a server MAY ignore {@code Range}): a unit other than {@code bytes}, a malformed range-set, more than one range
 * (no multipart answers), or a range that cannot be satisfied.
 */
record ByteRange(long first, long last, long length) {

    /** The {@code Content-Range} value of the 206 (§14.4). */
    String contentRange() {
        return "bytes " + first + '-' + last + '/' + length;
    }

    long size() {
        return last - first + 1;
    }

    static ByteRange parse(String value, long length) {
        if (value == null || length <= 0) {
            return null;
        }
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return null;
        }
        // §5.6.1.2: empty list elements are ignored; more than one range is answered with the whole representation.
        String spec = null;
        int from = eq + 1;
        while (from <= value.length()) {
            int comma = value.indexOf(',', from);
            int to = comma < 0 ? value.length() : comma;
            String member = value.substring(from, to).trim();
            if (!member.isEmpty()) {
                if (spec != null) {
                    return null;
                }
                spec = member;
            }
            from = to + 1;
        }
        if (spec == null) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        if (dash == 0) {
            long suffix = number(spec, 1, spec.length());
            if (suffix <= 0) {
                return null;
            }
            return new ByteRange(Math.max(0, length - suffix), length - 1, length);
        }
        long first = number(spec, 0, dash);
        long last = dash == spec.length() - 1 ? length - 1 : number(spec, dash + 1, spec.length());
        if (first < 0 || last < 0 || last < first || first >= length) {
            return null;
        }
        return new ByteRange(first, Math.min(last, length - 1), length);
    }

    /** The decimal digits between {@code from} and {@code to}, or -1. */
    private static long number(String s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
