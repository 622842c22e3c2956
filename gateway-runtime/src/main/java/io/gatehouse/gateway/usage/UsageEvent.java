package io.gatehouse.gateway.usage;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;

/**
 * One answered request, as {@code docs/usage-events.md} (version 1) defines it. Parties are ids from the
 * config snapshot, {@code null} when the request did not get as far as knowing them. Never holds the API key
 * or its hash: {@code key} is the key's id and {@code prefix} its display prefix.
 *
 * @param id         UUIDv7 made when the request arrived; billing's idempotency key
 * @param ts         when the request arrived
 * @param node       the gateway node that answered
 * @param org        organization of the authenticated application, or {@code null}
 * @param app        application, or {@code null}
 * @param sub        subscription, or {@code null}
 * @param plan       plan, or {@code null}
 * @param api        API of the matched route, or {@code null}
 * @param route      route, or {@code null}
 * @param key        API key id, or {@code null}
 * @param prefix     the key's display prefix, {@code ""} when no key was recognised
 * @param method     upper-case HTTP method
 * @param status     status the client received
 * @param outcome    how the request ended
 * @param latencyMs  arrival → response complete
 * @param upstreamMs time until the upstream's response head, or {@code null} if it never answered
 * @param reqBytes   request body bytes received
 * @param resBytes   response body bytes sent
 * @param epoch      the recording process's epoch (its start, epoch milliseconds), or {@code null}
 * @param seq        this event's number in its node and epoch, from 1 without holes, or {@code null}: billing
 *                   reports a hole that stays unfilled as a metering gap
 */
public record UsageEvent(UUID id, Instant ts, String node, String org, String app, String sub, String plan,
                         String api, String route, String key, String prefix, String method, int status,
                         UsageOutcome outcome, int latencyMs, Integer upstreamMs, long reqBytes, long resBytes,
                         Long epoch, Long seq) {

    /** An event without a place in its node's sequence (tests, and events made outside the request path). */
    public UsageEvent(UUID id, Instant ts, String node, String org, String app, String sub, String plan,
                      String api, String route, String key, String prefix, String method, int status,
                      UsageOutcome outcome, int latencyMs, Integer upstreamMs, long reqBytes, long resBytes) {
        this(id, ts, node, org, app, sub, plan, api, route, key, prefix, method, status, outcome, latencyMs, upstreamMs,
                reqBytes, resBytes, null, null);
    }

    /** This event numbered {@code seq} in {@code epoch}. */
    public UsageEvent numbered(long epoch, long seq) {
        return new UsageEvent(id, ts, node, org, app, sub, plan, api, route, key, prefix, method, status, outcome,
                latencyMs, upstreamMs, reqBytes, resBytes, epoch, seq);
    }

    /** ISO-8601 in UTC with exactly three fraction digits, so every {@code ts} has the same shape. */
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public UsageEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(outcome, "outcome");
        prefix = prefix == null ? "" : prefix;
    }

    /**
     * {@link #toJson()} encoded, byte for byte what {@code toJson().encode()} gives, without building the map: the
     * request path encodes every event (twice with the usage journal), so this is written for speed. Strings are
     * escaped by Jackson's {@link JsonStringEncoder}; the timestamp's second is formatted once per second and thread.
     */
    public String encode() {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"id\":\"").append(id).append("\",\"ts\":\"");
        Timestamps.append(out, ts.toEpochMilli());
        out.append('"');
        string(out, "node", node);
        string(out, "org", org);
        string(out, "app", app);
        string(out, "sub", sub);
        string(out, "plan", plan);
        string(out, "api", api);
        string(out, "route", route);
        string(out, "key", key);
        string(out, "prefix", prefix);
        string(out, "method", method);
        out.append(",\"status\":").append(status);
        string(out, "outcome", outcome.wireName());
        out.append(",\"latencyMs\":").append(latencyMs);
        out.append(",\"upstreamMs\":");
        if (upstreamMs == null) {
            out.append("null");
        } else {
            out.append(upstreamMs.intValue());
        }
        out.append(",\"reqBytes\":").append(reqBytes).append(",\"resBytes\":").append(resBytes);
        if (epoch != null && seq != null) {
            out.append(",\"epoch\":").append(epoch.longValue()).append(",\"seq\":").append(seq.longValue());
        }
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        if (value == null) {
            out.append("null");
        } else {
            out.append('"');
            if (plain(value)) {
                out.append(value); // ids, prefixes, methods: nothing to escape, so no char-by-char copy
            } else {
                JsonStringEncoder.getInstance().quoteAsString(value, out);
            }
            out.append('"');
        }
    }

    /** Whether {@code value} is printable ASCII without a quote or a backslash: JSON as it is. */
    private static boolean plain(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@link #TS}'s format with the text of the current second kept per thread. */
    private static final class Timestamps {
        private static final ThreadLocal<Timestamps> MINE = ThreadLocal.withInitial(Timestamps::new);
        private long second = Long.MIN_VALUE;
        private String prefix;

        static void append(StringBuilder out, long epochMilli) {
            Timestamps t = MINE.get();
            long second = Math.floorDiv(epochMilli, 1000);
            if (second != t.second) {
                // "uuuu-MM-ddTHH:mm:ss." of that second
                String full = TS.format(Instant.ofEpochSecond(second));
                t.prefix = full.substring(0, full.length() - 4);
                t.second = second;
            }
            int millis = (int) Math.floorMod(epochMilli, 1000L);
            out.append(t.prefix).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10)).append('Z');
        }
    }

    /** The event object of the contract, fields in the contract's order, unknown parties as JSON {@code null}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id.toString())
                .put("ts", TS.format(ts))
                .put("node", node)
                .put("org", org)
                .put("app", app)
                .put("sub", sub)
                .put("plan", plan)
                .put("api", api)
                .put("route", route)
                .put("key", key)
                .put("prefix", prefix)
                .put("method", method)
                .put("status", status)
                .put("outcome", outcome.wireName())
                .put("latencyMs", latencyMs)
                .put("upstreamMs", upstreamMs)
                .put("reqBytes", reqBytes)
                .put("resBytes", resBytes);
        if (epoch != null && seq != null) {
            json.put("epoch", epoch).put("seq", seq);
        }
        return json;
    }
}
