package io.gatehouse.portal.tryit;

import java.util.List;

/**
 * The gateway's answer as the console shows it: real status and headers, and the body as text
 * (pretty-printed when it is JSON), cut at the configured size.
 *
 * @param body      the body as text, or null when it is binary (then only its size is shown)
 * @param bytes     how many body bytes were read (at most the cap)
 * @param truncated the body was longer than the cap; what is shown is its beginning
 */
public record RelayedResponse(int status, List<TryItCall.Header> headers, String body, boolean json, boolean truncated,
                              long bytes, long millis) {

    public boolean success() {
        return status >= 200 && status < 400;
    }
}
