package io.gatehouse.management.keys;

/**
 * The answer to issuing a key: the only time the full {@code key} is ever shown.
 */
public record IssuedKey(String key, KeyView details) {

    @Override
    public String toString() {
        return "IssuedKey[" + details + "]";
    }
}
