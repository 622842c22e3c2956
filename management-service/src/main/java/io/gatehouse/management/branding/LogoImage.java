package io.gatehouse.management.branding;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;

/**
 * A logo's bytes and the type read from them. The type is sniffed from the magic bytes, never taken from what the
 * client declares: only PNG, JPEG and WebP pass, so no SVG (which can carry script) is ever stored or served.
 */
public record LogoImage(byte[] bytes, String contentType) {

    /** Largest logo, in bytes (256 KiB). */
    public static final int MAX_BYTES = 256 * 1024;

    /** The logo in {@code bytes}; a 400 {@code logo-unsupported} or 413 {@code logo-too-large} problem otherwise. */
    public static LogoImage of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ApiProblem(ProblemType.LOGO_UNSUPPORTED, "The logo is empty; send a PNG, JPEG or WebP image");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ApiProblem(ProblemType.LOGO_TOO_LARGE,
                    "The logo has " + bytes.length + " bytes; at most " + MAX_BYTES + " (256 KiB) are accepted");
        }
        String type = sniff(bytes);
        if (type == null) {
            throw new ApiProblem(ProblemType.LOGO_UNSUPPORTED,
                    "The logo is not a PNG, JPEG or WebP image (SVG and other formats are refused)");
        }
        return new LogoImage(bytes, type);
    }

    /** {@code image/png}, {@code image/jpeg} or {@code image/webp} when the bytes start like one; null otherwise. */
    static String sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
