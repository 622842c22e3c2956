package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.problem.Problem;
import io.gatehouse.gateway.problem.ProblemWriter;
import io.gatehouse.gateway.proxy.ForwardingHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Writes the answers the gateway gives itself, instead of the upstream's: a problem (the body drained so the
 * connection serves the next request), a problem followed by closing the connection (when the request's framing
 * cannot be trusted), or a policy's own reply (a cached answer, a CORS preflight). Each notes its outcome for
 * {@link RequestCompletion}.
 */
final class OutcomeWriter {

    private OutcomeWriter() {
    }

    /** A problem answer; the unread body is drained and discarded so the connection can serve the next request. */
    static void answer(HttpServerRequest request, Exchange exchange, Problem problem) {
        request.resume();
        exchange.put(RequestMetrics.OUTCOME, problem.error().slug());
        ProblemWriter.write(request.response(), problem, exchange.path(), exchange.requestId());
    }

    /**
     * Answers without reading the body and closes the connection after the answer: used when the request's
     * framing cannot be trusted, or its body is too large to be worth draining.
     */
    static void rejectAndClose(HttpServerRequest request, ClientConnectionGuard guard, Exchange exchange,
                               Problem problem) {
        if (guard != null) {
            // Whatever the decoder still produces from this connection (a pipelined request) is dropped.
            guard.condemn();
        }
        exchange.put(RequestMetrics.OUTCOME, problem.error().slug());
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemWriter.write(request.response(), problem, exchange.path(), exchange.requestId());
        // After the answer is flushed (response.close waits for the write once the head is out).
        request.response().close();
    }

    /** A policy's complete answer; a {@code HEAD} gets its head only. */
    static void reply(HttpServerRequest request, Exchange exchange, Outcome.Reply reply) {
        request.resume();
        exchange.put(RequestMetrics.OUTCOME, reply.outcome());
        request.response().headers().setAll(reply.headers());
        request.response().putHeader(ForwardingHeaders.X_REQUEST_ID, exchange.requestId()).setStatusCode(reply.status());
        if (reply.body() == null || request.method() == HttpMethod.HEAD) {
            request.response().end();
        } else {
            request.response().end(reply.body());
        }
    }
}
