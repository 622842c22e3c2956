package io.gatehouse.configdigest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The digest of a gateway config: {@code sha256:<hex>} of its canonical form. Management computes it from the snapshot
 * it would send, a gateway from the config it holds (a fetched snapshot with every delta applied); equal digests mean
 * equal configs (contract: {@code docs/gateway-config-snapshot.md}, "Digest").
 *
 * <p>Canonical form: the five collections ({@link #COLLECTIONS}, in that order), each sorted by {@code id}, written as
 * compact JSON with object members sorted by name and members whose value is {@code null} left out (the contract says
 * absent and null mean the same). Numbers are written as their exact decimal value. {@code version} and
 * {@code generatedAt} are not part of it: the version is reported beside the digest, and the time differs by
 * construction.
 */
public final class ConfigDigest {

    /** The snapshot's collections, in digest order. */
    public static final List<String> COLLECTIONS = List.of("apis", "plans", "applications", "subscriptions", "keys");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigDigest() {
    }

    /** The digest of a snapshot (or anything with the five collections) as a JSON tree. */
    public static String of(JsonNode snapshot) {
        Sorted digest = new Sorted();
        for (String collection : COLLECTIONS) {
            List<JsonNode> entries = new ArrayList<>();
            JsonNode list = snapshot.get(collection);
            if (list != null && list.isArray()) {
                list.forEach(entries::add);
            }
            entries.sort(Comparator.comparing(ConfigDigest::idOf));
            digest.collection(collection);
            entries.forEach(digest::entry);
        }
        return digest.finish();
    }

    /**
     * The digest computed one entry at a time, for a writer that produces the collections in {@link #COLLECTIONS}
     * order, each sorted by {@code id} (as text): management digests a snapshot of a million keys while it streams it
     * to disk, never holding it whole. It gives the same digest as {@link #of(JsonNode)} of the same entries; entries
     * out of that order are refused, since they would give another.
     */
    public static final class Sorted {
        private final MessageDigest sha256 = sha256();
        private final JsonGenerator g;
        private int next;
        private boolean open;
        private String lastId;

        public Sorted() {
            try {
                g = MAPPER.getFactory().createGenerator(new DigestOutputStream(sha256));
                g.writeStartObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Starts the next collection; collections skipped before it are digested as empty.
         *
         * @throws IllegalStateException when {@code name} is not one of the {@link #COLLECTIONS} still to come
         */
        public void collection(String name) {
            int at = COLLECTIONS.indexOf(name);
            if (at < next) {
                throw new IllegalStateException("collection " + name + " is not one of " + COLLECTIONS.subList(next, COLLECTIONS.size()));
            }
            try {
                while (next <= at) {
                    endOpen();
                    g.writeFieldName(COLLECTIONS.get(next++));
                    g.writeStartArray();
                    open = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Adds an entry to the collection begun last.
         *
         * @throws IllegalStateException when no collection was begun, or the entry's id sorts before the one before it
         */
        public void entry(JsonNode entry) {
            if (!open) {
                throw new IllegalStateException("an entry before any collection");
            }
            String id = idOf(entry);
            if (lastId != null && id.compareTo(lastId) < 0) {
                throw new IllegalStateException("entry " + id + " after " + lastId + ": " + COLLECTIONS.get(next - 1)
                        + " must be sorted by id");
            }
            lastId = id;
            try {
                write(entry, g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Ends the digest (collections never begun count as empty) and gives it as {@code sha256:<hex>}. */
        public String finish() {
            if (next < COLLECTIONS.size()) {
                collection(COLLECTIONS.get(COLLECTIONS.size() - 1));
            }
            try {
                endOpen();
                g.writeEndObject();
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        }

        private void endOpen() throws IOException {
            if (open) {
                g.writeEndArray();
                open = false;
                lastId = null;
            }
        }
    }

    /** The digest of a snapshot as JSON bytes. */
    public static String of(byte[] snapshotJson) {
        try {
            return of(MAPPER.readTree(snapshotJson));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON snapshot: " + e.getMessage(), e);
        }
    }

    /** The canonical JSON of one value (for tests and for diagnosing a mismatch). */
    public static String canonical(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String idOf(JsonNode entry) {
        JsonNode id = entry.get("id");
        return id == null || id.isNull() ? "" : id.asText();
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!member.getValue().isNull()) {
                    members.add(member);
                }
            }
            members.sort(Map.Entry.comparingByKey());
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> member : members) {
                g.writeFieldName(member.getKey());
                write(member.getValue(), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(item, g);
            }
            g.writeEndArray();
        } else if (node.isNumber()) {
            BigDecimal exact = node.decimalValue().stripTrailingZeros();
            g.writeNumber(exact.scale() <= 0 ? exact.toBigIntegerExact().toString() : exact.toPlainString());
        } else if (node.isTextual()) {
            g.writeString(node.textValue());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else {
            g.writeNull();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Feeds what is written into the digest, keeping nothing. */
    private static final class DigestOutputStream extends OutputStream {
        private final MessageDigest digest;

        DigestOutputStream(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
