package io.gatehouse.gateway.ingress;

import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidChunkTerminationException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * Checks that run before anything else looks at a request, so that the gateway and the upstream can never
 * disagree about where a message ends or which path it names (request smuggling, route escapes). Each returns
 * {@code null} when the request is fine, else a detail for the 400 problem.
 */
final class RequestHygiene {

    private RequestHygiene() {
    }

    /**
     * RFC 9112 §6.3: a request with both Content-Length and Transfer-Encoding, with several or differing
     * Content-Length values, a Content-Length that is not a number, or a transfer coding other than (exactly)
     * chunked, is rejected: the connection is closed after the answer because its framing cannot be trusted.
     */
    static String framingProblem(MultiMap headers) {
        List<String> te = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
        List<String> cl = headers.getAll(HttpHeaders.CONTENT_LENGTH);
        if (!te.isEmpty() && !cl.isEmpty()) {
            return "Content-Length and Transfer-Encoding must not both be sent";
        }
        if (cl.size() > 1) {
            return "Content-Length must be sent once";
        }
        if (cl.size() == 1) {
            String value = cl.get(0).trim();
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "Content-Length must be one decimal number";
            }
        }
        if (te.size() > 1 || (te.size() == 1 && !te.get(0).trim().equalsIgnoreCase("chunked"))) {
            return "The only transfer coding accepted is chunked";
        }
        return null;
    }

    /**
     * The raw (undecoded) path must not hide a separator or a second layer of encoding: an encoded slash or
     * backslash, a literal backslash, an encoded NUL, or {@code %25} followed by two hex digits (double encoding)
     * would let the upstream see a different path from the one the gateway routed. Dot segments, literal or
     * encoded, are fine: they are resolved (RFC 3986 §5.2.4) before routing, and the resolved path is what is
     * forwarded.
     */
    static String pathProblem(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "The path must not contain a backslash";
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length()) {
                return "The path has an incomplete percent-encoding";
            }
            int hi = Character.digit(rawPath.charAt(i + 1), 16);
            int lo = Character.digit(rawPath.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return "The path has an invalid percent-encoding";
            }
            int decoded = hi * 16 + lo;
            if (decoded == '/' || decoded == '\\' || decoded == 0) {
                return "The path must not contain an encoded slash, backslash or NUL";
            }
            if (decoded == '%' && i + 4 < rawPath.length() && Character.digit(rawPath.charAt(i + 3), 16) >= 0
                    && Character.digit(rawPath.charAt(i + 4), 16) >= 0) {
                return "The path must not be percent-encoded twice";
            }
        }
        return null;
    }

    /**
     * RFC 9112 §3.2: a request with more than one {@code Host} field is rejected, so the gateway and the upstream
     * can never route by different hosts.
     */
    static String hostProblem(MultiMap headers) {
        List<String> hosts = headers.getAll(HttpHeaders.HOST);
        return hosts.size() > 1 ? "Host must be sent once" : null;
    }

    /** A sentence for the 400 from what Netty's decoder said about a chunked body. */
    static String chunkProblem(Throwable cause) {
        if (cause instanceof NumberFormatException) {
            return "a chunk size is not a hexadecimal number that fits";
        }
        if (cause instanceof InvalidChunkExtensionException || cause instanceof InvalidLineSeparatorException) {
            return "a chunk line does not end with CRLF";
        }
        if (cause instanceof InvalidChunkTerminationException) {
            return "a chunk is not followed by CRLF";
        }
        return "it cannot be decoded";
    }
}
