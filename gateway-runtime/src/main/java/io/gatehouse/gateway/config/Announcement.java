package io.gatehouse.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A message on {@code <ns>:config:changed}: a new config version, and, when that version's whole change is a
 * revocation, the revoked key ids (see {@code docs/gateway-config-snapshot.md}). A gateway at {@code version - 1}
 * applies such a revocation as it is; any other gateway fetches the snapshot.
 *
 * @param version     the announced version
 * @param revokedKeys key ids that version revoked, or empty
 */
public record Announcement(long version, List<String> revokedKeys) {

    public Announcement {
        revokedKeys = List.copyOf(revokedKeys);
    }

    /** The JSON form {@link #parse} reads ({@code {"version":17,"revokedKeys":["…"]}}). */
    public String encode() {
        return new JsonObject().put("version", version).put("revokedKeys", new JsonArray(revokedKeys)).encode();
    }

    /**
     * Reads a message: decimal text ({@code 17}) or {@code {"version":17,"revokedKeys":["…"]}}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Announcement parse(String payload) {
        String p = payload.trim();
        if (!p.startsWith("{")) {
            try {
                return new Announcement(Long.parseLong(p), List.of());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a version number");
            }
        }
        try {
            JsonObject json = new JsonObject(p);
            Long version = json.getLong("version");
            if (version == null) {
                throw new IllegalArgumentException("no version");
            }
            JsonArray revoked = json.getJsonArray("revokedKeys", new JsonArray());
            List<String> ids = new ArrayList<>(revoked.size());
            for (int i = 0; i < revoked.size(); i++) {
                ids.add(revoked.getString(i));
            }
            return new Announcement(version, ids);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an announcement: " + e.getMessage(), e);
        }
    }
}
