package io.gatehouse.gateway.ingress;

import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidChunkTerminationException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
     * The path must name one thing to the gateway and to every upstream, however many times the upstream decodes
     * it. The raw path is refused when it holds a backslash, a control character or an incomplete
     * percent-encoding. It is then decoded once, and refused when:
     * <ul>
     *   <li>an encoding names a slash, a backslash or a control character (NUL, CR, LF, …), which would move a
     *       segment boundary or split a line behind the gateway;</li>
     *   <li>the bytes are not well-formed UTF-8 (RFC 3629 §3), so overlong forms such as {@code %c0%ae} for a dot
     *       never reach a decoder that accepts them;</li>
     *   <li>a percent-encoding is left after one decode ({@code %252e}, {@code %25%32%65}, {@code %2500}): an
     *       upstream that decodes twice would see a different path from the one that was routed;</li>
     *   <li>a dot segment carries parameters ({@code ..;/}, {@code .;x}), which servlet containers read as a dot
     *       segment after the gateway has resolved the path.</li>
     * </ul>
     * Plain dot segments, literal or encoded ({@code %2e%2e}), are fine: they are resolved (RFC 3986 §5.2.4) before
     * routing, and the resolved path is what is forwarded. A lone {@code %25} that is not followed by two hex digits
     * after decoding ({@code 100%25}) is an ordinary percent sign.
     */
    static String pathProblem(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        boolean encoded = false;
        boolean parameters = false;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '\\') {
                return "The path must not contain a backslash";
            }
            if (isControl(c)) {
                return "The path must not contain control characters";
            }
            if (c == '%') {
                encoded = true;
            } else if (c == ';') {
                parameters = true;
            }
        }
        String path = rawPath;
        if (encoded) {
            byte[] bytes = new byte[rawPath.length()];
            int length = 0;
            for (int i = 0; i < rawPath.length(); i++) {
                char c = rawPath.charAt(i);
                if (c != '%') {
                    bytes[length++] = (byte) c;
                    continue;
                }
                if (i + 2 >= rawPath.length()) {
                    return "The path has an incomplete percent-encoding";
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return "The path has an invalid percent-encoding";
                }
                int decoded = hi * 16 + lo;
                if (decoded == '/' || decoded == '\\' || isControl((char) decoded)) {
                    return "The path must not contain an encoded slash, backslash or control character";
                }
                bytes[length++] = (byte) decoded;
                i += 2;
            }
            try {
                path = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length))
                        .toString();
            } catch (CharacterCodingException e) {
                return "The path is not well-formed UTF-8 once decoded (overlong or invalid bytes)";
            }
            for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
                if (i + 2 < path.length() && Character.digit(path.charAt(i + 1), 16) >= 0
                        && Character.digit(path.charAt(i + 2), 16) >= 0) {
                    return "The path must not be percent-encoded twice";
                }
            }
            parameters = path.indexOf(';') >= 0;
        }
        if (parameters && hasDotSegmentWithParameters(path)) {
            return "A dot segment must not carry parameters (..;)";
        }
        return null;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private static boolean hasDotSegmentWithParameters(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int semicolon = path.indexOf(';', start);
            if (semicolon >= 0 && semicolon < end) {
                String name = path.substring(start, semicolon);
                if (name.equals(".") || name.equals("..")) {
                    return true;
                }
            }
            start = end + 1;
        }
        return false;
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
