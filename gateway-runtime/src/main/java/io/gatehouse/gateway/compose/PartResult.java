package io.gatehouse.gateway.compose;

import io.gatehouse.gateway.problem.GatewayError;

/** What one part of a composition came to: its parsed JSON, or an explicit error. */
public sealed interface PartResult {

    String name();

    /** The part answered 2xx with a JSON body; {@code json} is what Vert.x decoded (object, array, string, …). */
    record Ok(String name, Object json) implements PartResult {
    }

    /**
     * The part failed.
     *
     * @param error    what went wrong (its {@code type} is the stable part error type)
     * @param status   the upstream's status when it answered, else the status the error stands for (502, 503, 504)
     * @param detail   a sentence for people
     * @param body     the upstream's JSON body when it answered a non-2xx status with JSON, else {@code null}
     */
    record Failed(String name, GatewayError error, int status, String detail, Object body) implements PartResult {

        /** Whether the part ran out of time (rather than failing some other way). */
        public boolean timedOut() {
            return error == GatewayError.UPSTREAM_TIMEOUT;
        }
    }
}
