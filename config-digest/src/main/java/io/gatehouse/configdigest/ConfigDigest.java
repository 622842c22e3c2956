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
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(sha256);
             JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (String collection : COLLECTIONS) {
                g.writeFieldName(collection);
                List<JsonNode> entries = new ArrayList<>();
                JsonNode list = snapshot.get(collection);
                if (list != null && list.isArray()) {
                    list.forEach(entries::add);
                }
                entries.sort(Comparator.comparing(ConfigDigest::idOf));
                g.writeStartArray();
                for (JsonNode entry : entries) {
                    write(entry, g);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
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
