package io.gatehouse.management.keys;

import java.security.SecureRandom;

/**
 * A freshly made API key: {@code gh_} and 40 base62 characters (about 238 random bits). Only the
 * issuer ever sees {@link #key()}; what is stored is its hash, display prefix and last four.
 */
public record KeyMaterial(String key, String prefix, String lastFour) {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int PREFIX_LENGTH = 10;

    public static KeyMaterial generate() {
        StringBuilder key = new StringBuilder("gh_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String k = key.toString();
        return new KeyMaterial(k, k.substring(0, PREFIX_LENGTH), k.substring(k.length() - 4));
    }

    @Override
    public String toString() {
        return "KeyMaterial[prefix=" + prefix + ", lastFour=" + lastFour + "]";
    }
}
