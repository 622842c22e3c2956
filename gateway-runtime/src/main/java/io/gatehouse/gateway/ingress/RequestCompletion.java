package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.accesslog.AccessLog;
import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.PolicyChain;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.usage.UsageCapture;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;

/**
 * What the gateway records about every request it answers, whoever answered it: the response phase of an answer the
 * gateway made itself, the usage event journalled before the status line goes out (a killed process must still
 * bill a call whose status line was written), and once the response has ended, the request metrics, the final usage
 * event and the access-log line.
 */
@Singleton
public class RequestCompletion {

    private final RequestMetrics metrics;
    private final UsageCapture usage;
    private final AccessLog accessLog;

    public RequestCompletion(RequestMetrics metrics, UsageCapture usage, AccessLog accessLog) {
        this.metrics = metrics;
        this.usage = usage;
        this.accessLog = accessLog;
    }

    /** The moment a request arrived, taken before anything else is done with it. */
    public UsageCapture.Arrival arrive() {
        return usage.arrive();
    }

    /** Records the request on its response's head and end; call once per request, before anything answers it. */
    public void track(HttpServerRequest request, Exchange exchange, UsageCapture.Arrival arrival) {
        UsageCapture.Ahead[] journalledAhead = new UsageCapture.Ahead[1];
        request.response().headersEndHandler(v -> {
            // The response phase of an answer the gateway made itself (the proxy ran it already for an upstream's).
            exchange.respond(ResponseHead.fromGateway(request.response().getStatusCode(), request.response().headers(),
                    request.method() == HttpMethod.HEAD));
            // The status line goes out right after this: from now on a killed process must still bill the call.
            journalledAhead[0] = usage.headWriting(arrival, exchange, request);
        });
        request.response().endHandler(v -> {
            exchange.complete();
            Route route = exchange.get(RoutePolicy.ROUTE);
            int status = request.response().getStatusCode();
            String outcome = exchange.get(RequestMetrics.OUTCOME);
            metrics.record(route == null ? null : route.apiId(), route == null ? null : route.id(), outcome,
                    decidedBy(exchange, outcome, status), status);
            usage.complete(arrival, exchange, request, journalledAhead[0]);
            accessLog.record(arrival.at(), arrival.nanos(), exchange, request);
        });
    }

    /** Counts a request answered before any config was loaded (no exchange, no usage: no API could be billed). */
    public void notReady() {
        metrics.record(null, GatewayError.GATEWAY_NOT_READY.slug(), GatewayError.GATEWAY_NOT_READY.status());
    }

    /** The policy that answered instead of the upstream, for the metrics' {@code policy} label. */
    static String decidedBy(Exchange exchange, String outcome, int status) {
        if (RequestMetrics.PROXIED.equals(outcome) || status >= 500) {
            return null;
        }
        String policy = exchange.get(PolicyChain.DECIDED_BY);
        return policy == null ? "gateway" : policy;
    }
}
