package io.gatehouse.management.keys;

/**
 * A rotation: the new key (its plaintext, shown once and never kept), its details, and the old key, which works
 * until its {@code expiresAt}.
 */
public record RotatedKey(String key, KeyView details, KeyView previous) {

    @Override
    public String toString() {
        return "RotatedKey[" + details + "]";
    }
}
