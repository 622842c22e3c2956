package io.gatehouse.gateway.pipeline;

import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Policy} decided about a request. There are exactly four answers:
 * <ul>
 *   <li>{@link Continue} — the request may go on to the next policy (and, after the last one,
 *       to the upstream);</li>
 *   <li>{@link Respond} — the gateway answers the client now and the chain stops; this is a
 *       <em>denial</em> the client is meant to see (401, 403, 404, 429);</li>
 *   <li>{@link Fail} — the gateway could not do its job (our fault, 5xx); the chain stops, the
 *       cause is logged and never shown to the client;</li>
 *   <li>{@link Reply} — the gateway answers the client now with something that is not a problem
 *       (a CORS preflight, a cache hit); the chain stops.</li>
 * </ul>
 * Outcomes are immutable. The static helpers return already-completed futures, so a policy
 * that decides synchronously costs no scheduling.
 */
public sealed interface Outcome permits Outcome.Continue, Outcome.Respond, Outcome.Fail, Outcome.Reply {

    /** Go on with the next policy. */
    record Continue() implements Outcome {
    }

    /** Stop and answer the client with {@code problem}, a denial the client should see. */
    record Respond(Problem problem) implements Outcome {
        public Respond {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** Stop: the gateway failed. {@code problem} is what the client sees (a 5xx); {@code cause} is logged. */
    record Fail(Problem problem, Throwable cause) implements Outcome {
        public Fail {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * Stop and answer the client with {@code status}, {@code headers} and {@code body} ({@code null} for none).
     * {@code outcome} names the answer in metrics and usage (e.g. {@code cors-preflight}, {@code cache-hit}).
     * The headers belong to this reply: the policy must not keep or share them.
     */
    record Reply(int status, MultiMap headers, Buffer body, String outcome) implements Outcome {
        public Reply {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** The single {@link Continue} instance. */
    Continue CONTINUE = new Continue();

    /** A completed future of {@link #CONTINUE}, shared because it is immutable. */
    Future<Outcome> PROCEED = Future.succeededFuture(CONTINUE);

    /** Continue with the next policy. */
    static Future<Outcome> proceed() {
        return PROCEED;
    }

    /** Deny the request with {@code error} and {@code detail}. */
    static Future<Outcome> respond(GatewayError error, String detail) {
        return Future.succeededFuture(new Respond(Problem.of(error, detail)));
    }

    /** Deny the request with {@code error}, {@code detail} and extra response headers. */
    static Future<Outcome> respond(GatewayError error, String detail, Map<String, String> headers) {
        return Future.succeededFuture(new Respond(Problem.of(error, detail, headers)));
    }

    /** Fail the request with an internal error caused by {@code cause}. */
    static Future<Outcome> fail(Throwable cause) {
        return Future.succeededFuture(new Fail(Problem.of(GatewayError.INTERNAL_ERROR, null), cause));
    }
}
