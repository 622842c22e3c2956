package io.gatehouse.gateway.ingress;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestHygieneTest {

    private static MultiMap headers(String... pairs) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void accepts_one_content_length_or_chunked() {
        assertNull(RequestHygiene.framingProblem(headers("Content-Length", "12")));
        assertNull(RequestHygiene.framingProblem(headers("Transfer-Encoding", "Chunked")));
        assertNull(RequestHygiene.framingProblem(headers()));
    }

    @Test
    void rejects_content_length_together_with_transfer_encoding() {
        assertNotNull(RequestHygiene.framingProblem(headers("Content-Length", "5", "Transfer-Encoding", "chunked")));
    }

    @Test
    void rejects_repeated_or_malformed_content_length() {
        assertNotNull(RequestHygiene.framingProblem(headers("Content-Length", "5", "Content-Length", "5")));
        assertNotNull(RequestHygiene.framingProblem(headers("Content-Length", "5, 6")));
        assertNotNull(RequestHygiene.framingProblem(headers("Content-Length", "-1")));
    }

    @Test
    void rejects_transfer_codings_other_than_chunked() {
        assertNotNull(RequestHygiene.framingProblem(headers("Transfer-Encoding", "gzip")));
        assertNotNull(RequestHygiene.framingProblem(headers("Transfer-Encoding", "gzip, chunked")));
        assertNotNull(RequestHygiene.framingProblem(headers("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked")));
    }

    @Test
    void accepts_plain_and_dot_segment_paths_which_are_resolved_before_routing() {
        assertNull(RequestHygiene.pathProblem("/api/v1/items"));
        assertNull(RequestHygiene.pathProblem("/api/../admin"));
        assertNull(RequestHygiene.pathProblem("/api/%2e%2e/admin"));
        assertNull(RequestHygiene.pathProblem("/api/caf%C3%A9"));
    }

    @Test
    void rejects_encoded_separators_backslashes_nul_and_double_encoding() {
        assertNotNull(RequestHygiene.pathProblem("/api/..%2fadmin"));
        assertNotNull(RequestHygiene.pathProblem("/api/..%2Fadmin"));
        assertNotNull(RequestHygiene.pathProblem("/api/..%5cadmin"));
        assertNotNull(RequestHygiene.pathProblem("/api\\..\\admin"));
        assertNotNull(RequestHygiene.pathProblem("/api/%00"));
        assertNotNull(RequestHygiene.pathProblem("/api/%252e%252e/admin"));
        assertNotNull(RequestHygiene.pathProblem("/api/%2"));
    }

    @Test
    void rejects_a_second_host_and_accepts_one() {
        assertNull(RequestHygiene.hostProblem(headers("Host", "gw.test")));
        assertNotNull(RequestHygiene.hostProblem(headers("Host", "gw.test", "host", "evil.example")));
        assertNotNull(RequestHygiene.hostProblem(headers("Host", "gw.test", "Host", "gw.test")));
    }

    @Test
    void names_what_was_wrong_with_a_chunked_body() {
        assertEquals("a chunk size is not a hexadecimal number that fits",
                RequestHygiene.chunkProblem(new NumberFormatException("Chunk size overflow")));
        assertEquals("a chunk line does not end with CRLF",
                RequestHygiene.chunkProblem(new io.netty.handler.codec.http.InvalidChunkExtensionException()));
        assertEquals("a chunk is not followed by CRLF",
                RequestHygiene.chunkProblem(new io.netty.handler.codec.http.InvalidChunkTerminationException()));
    }
}
