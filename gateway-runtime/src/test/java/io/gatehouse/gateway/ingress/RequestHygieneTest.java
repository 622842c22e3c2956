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
    void rejects_a_percent_encoding_left_after_one_decode_so_an_upstream_that_decodes_twice_sees_the_routed_path() {
        assertNotNull(RequestHygiene.pathProblem("/api/%25%32%65%25%32%65/admin"), "%25%32%65 is %2e after one decode");
        assertNotNull(RequestHygiene.pathProblem("/api/%252f"));
        assertNotNull(RequestHygiene.pathProblem("/api/%2500"));
        assertNotNull(RequestHygiene.pathProblem("/api/%25%35%63"));
        assertNull(RequestHygiene.pathProblem("/api/files/100%25"), "a lone percent sign is data");
        assertNull(RequestHygiene.pathProblem("/api/50%25off"));
    }

    @Test
    void rejects_overlong_and_malformed_utf8_once_decoded() {
        assertNotNull(RequestHygiene.pathProblem("/api/%c0%ae%c0%ae/admin"), "overlong dot (RFC 3629 §3)");
        assertNotNull(RequestHygiene.pathProblem("/api/%e0%80%ae"), "three-byte overlong dot");
        assertNotNull(RequestHygiene.pathProblem("/api/%c0%af"), "overlong slash");
        assertNotNull(RequestHygiene.pathProblem("/api/%ff"));
        assertNotNull(RequestHygiene.pathProblem("/api/%ed%a0%80"), "a UTF-16 surrogate is not UTF-8");
        assertNull(RequestHygiene.pathProblem("/api/%E2%82%AC"));
    }

    @Test
    void rejects_encoded_and_raw_control_characters() {
        for (String path : new String[]{"/api/%0d%0aX-Injected:1", "/api/%0a", "/api/%09", "/api/%7f", "/api/%1b", "/api/a\u0001b"}) {
            assertNotNull(RequestHygiene.pathProblem(path), path);
        }
    }

    @Test
    void rejects_dot_segments_that_carry_parameters() {
        assertNotNull(RequestHygiene.pathProblem("/api/..;/admin"));
        assertNotNull(RequestHygiene.pathProblem("/api/..;jsessionid=1/admin"));
        assertNotNull(RequestHygiene.pathProblem("/api/.;/x"));
        assertNotNull(RequestHygiene.pathProblem("/api/%2e%2e;/admin"));
        assertNotNull(RequestHygiene.pathProblem("/api/%2e%2e%3b/admin"));
        assertNull(RequestHygiene.pathProblem("/api/items;v=2"), "parameters on an ordinary segment are data");
        assertNull(RequestHygiene.pathProblem("/api/...;x"), "three dots are a name, not a dot segment");
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
