package io.gatehouse.gateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one shared entry in Redis: a format version, the generations it was stored under, the status,
 * {@code corrected_initial_age}, the storing node's arrival time and the lifetime (so {@code Age} stays right on
 * every node), the consumer, the Vary names and values, the headers, the body, the API, the route and the
 * stale-serving windows.
 * Anything unreadable decodes to {@code null}, which the cache treats as a miss.
 */
final class SharedEntryCodec {

    /** 2: the stale-serving windows were added after the route (format 1, without them, is still read). */
    static final int FORMAT = 2;

    private SharedEntryCodec() {
    }

    static Buffer encode(Generations generations, CachedResponse r) {
        Buffer b = Buffer.buffer(r.body().length() + 512);
        b.appendInt(FORMAT);
        b.appendLong(generations.api()).appendLong(generations.route()).appendLong(generations.url());
        b.appendInt(r.status());
        b.appendLong(r.correctedInitialAgeSeconds()).appendLong(r.responseTimeMillis()).appendLong(r.lifetimeSeconds());
        string(b, r.consumer());
        b.appendInt(r.varyNames().size());
        for (int i = 0; i < r.varyNames().size(); i++) {
            string(b, r.varyNames().get(i));
            string(b, r.varyValues().get(i));
        }
        List<Map.Entry<String, String>> headers = r.headers().entries();
        // Entries, not MultiMap.size(), which counts distinct names: repeated headers (Link, Vary…) are kept each.
        b.appendInt(headers.size());
        for (Map.Entry<String, String> h : headers) {
            string(b, h.getKey());
            string(b, h.getValue());
        }
        b.appendInt(r.body().length()).appendBuffer(r.body());
        string(b, r.apiId());
        string(b, r.routeId());
        b.appendLong(r.stale().whileRevalidateSeconds()).appendLong(r.stale().ifErrorSeconds())
                .appendByte(r.stale().forbidden() ? (byte) 1 : (byte) 0);
        return b;
    }

    /** The entry and the generations it was stored under, or {@code null} if the bytes are not an entry. */
    static Decoded decode(Buffer b) {
        try {
            Reader in = new Reader(b);
            int format = in.readInt();
            if (format != FORMAT && format != 1) {
                return null;
            }
            Generations generations = new Generations(in.readLong(), in.readLong(), in.readLong());
            int status = in.readInt();
            long correctedInitialAge = in.readLong();
            long responseTime = in.readLong();
            long lifetime = in.readLong();
            String consumer = in.readString();
            int varies = in.readCount();
            List<String> names = new ArrayList<>(varies);
            List<String> values = new ArrayList<>(varies);
            for (int i = 0; i < varies; i++) {
                names.add(in.readString());
                values.add(in.readString());
            }
            int headerCount = in.readCount();
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            for (int i = 0; i < headerCount; i++) {
                headers.add(in.readString(), in.readString());
            }
            Buffer body = in.readBytes(in.readCount());
            String apiId = in.readString();
            String routeId = in.readString();
            // An entry of format 1 (written by a node of the release before) carries no stale windows: it is never
            // served stale, so a fleet being upgraded shares its entries both ways without a wrong stale answer.
            CachedResponse.Stale stale = format == 1 ? CachedResponse.Stale.FORBIDDEN
                    : new CachedResponse.Stale(in.readLong(), in.readLong(), in.readByte() != 0);
            if (in.position != b.length()) {
                return null;
            }
            return new Decoded(generations, new CachedResponse(status, headers, body, consumer, List.copyOf(names),
                    Collections.unmodifiableList(values), correctedInitialAge, responseTime, lifetime, apiId, routeId,
                    stale));
        } catch (RuntimeException e) {
            return null;
        }
    }

    record Decoded(Generations generations, CachedResponse entry) {
    }

    private static void string(Buffer b, String s) {
        if (s == null) {
            b.appendInt(-1);
        } else {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            b.appendInt(bytes.length).appendBytes(bytes);
        }
    }

    private static final class Reader {
        private final Buffer b;
        private int position;

        Reader(Buffer b) {
            this.b = b;
        }

        int readInt() {
            int v = b.getInt(position);
            position += 4;
            return v;
        }

        byte readByte() {
            byte v = b.getByte(position);
            position += 1;
            return v;
        }

        long readLong() {
            long v = b.getLong(position);
            position += 8;
            return v;
        }

        int readCount() {
            int n = readInt();
            if (n < 0 || n > b.length() - position) {
                throw new IllegalArgumentException("bad count " + n);
            }
            return n;
        }

        String readString() {
            int n = readInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > b.length() - position) {
                throw new IllegalArgumentException("bad length " + n);
            }
            return new String(readBytes(n).getBytes(), StandardCharsets.UTF_8);
        }

        Buffer readBytes(int n) {
            Buffer v = b.getBuffer(position, position + n);
            position += n;
            return v;
        }
    }
}
