package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.accesslog.AccessLog;
import io.gatehouse.gateway.compose.Composer;
import io.gatehouse.gateway.config.ActiveConfig;
import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.PolicyChain;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.gatehouse.gateway.problem.ProblemWriter;
import io.gatehouse.gateway.proxy.ClientChain;
import io.gatehouse.gateway.proxy.ForwardingHeaders;
import io.gatehouse.gateway.proxy.TrustedProxies;
import io.gatehouse.gateway.proxy.ProxyForwarder;
import io.gatehouse.gateway.proxy.Upstream;
import io.gatehouse.gateway.usage.UsageCapture;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Handles every request on the public port, {@code /q/...} paths included (Quarkus' health and
 * metrics live on the management interface, another port): runs the policy chain against the
 * config in force when the request arrived, then forwards it or answers with the problem the
 * chain decided.
 */
@ApplicationScoped
public class GatewayHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);
    private static final int MAX_REQUEST_ID_LENGTH = 200;

    private final ActiveConfig active;
    private final PolicyChain chain;
    private final ProxyForwarder forwarder;
    private final RequestMetrics metrics;
    private final UsageCapture usage;
    private final TrustedProxies trustedProxies;
    private final Composer composer;
    private final AccessLog accessLog;

    public GatewayHandler(ActiveConfig active, PolicyChain chain, ProxyForwarder forwarder, RequestMetrics metrics,
                          UsageCapture usage, TrustedProxies trustedProxies, Composer composer, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.trustedProxies = trustedProxies;
        this.composer = composer;
        this.active = active;
        this.chain = chain;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.usage = usage;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpServerRequest request = ctx.request();
        ClientConnectionGuard guard = ClientConnectionGuard.of(request);
        if (guard != null && guard.condemned()) {
            // Pipelined behind a request answered with "400 and close": never read, never forwarded.
            return;
        }
        // The body is streamed upstream later; hold it until then.
        request.pause();
        UsageCapture.Arrival arrival = usage.arrive();
        String requestId = requestId(request);
        CompiledConfig config = active.current();
        if (config == null) {
            request.resume();
            metrics.record(null, GatewayError.GATEWAY_NOT_READY.slug(), GatewayError.GATEWAY_NOT_READY.status());
            ProblemWriter.write(request.response(), Problem.of(GatewayError.GATEWAY_NOT_READY,
                    "The gateway is starting and has no configuration yet; retry shortly"), path, requestId);
            return;
        }
        Exchange exchange = new Exchange(requestId, request.method().name(),
                RouteTable.hostWithoutPort(request.getHeader(HttpHeaders.HOST)), path, request.headers(), config);
        ClientChain clientChain = trustedProxies.resolve(ProxyForwarder.peerAddress(request), request.headers());
        exchange.put(ClientChain.KEY, clientChain);
        if (request.query() != null) {
            exchange.put(Exchange.QUERY, request.query());
        }
        if (request.isSSL()) {
            exchange.put(Exchange.SCHEME, request.scheme());
        }
        exchange.put(Exchange.CLIENT_IP, clientChain.clientIp());
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
        String badFraming = RequestHygiene.framingProblem(request.headers());
        if (badFraming != null) {
            rejectAndClose(request, guard, exchange, Problem.of(GatewayError.INVALID_FRAMING, badFraming));
            return;
        }
        String badHost = RequestHygiene.hostProblem(request.headers());
        if (badHost != null) {
            rejectAndClose(request, guard, exchange, Problem.of(GatewayError.INVALID_HOST, badHost));
            return;
        }
        String badPath = RequestHygiene.pathProblem(request.path());
        if (badPath != null) {
            rejectAndClose(request, guard, exchange, Problem.of(GatewayError.INVALID_PATH, badPath));
            return;
        }
        boolean chunked = guard != null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        Context context = chunked ? Vertx.currentContext() : null;
        if (chunked) {
            guard.hold();
        }
        chain.run(exchange).onComplete(ar -> {
            Outcome outcome = ar.succeeded() ? ar.result() : new Outcome.Fail(
                    Problem.of(GatewayError.INTERNAL_ERROR, null), ar.cause());
            if (context != null) {
                // The decoder may still hold the rest of the packet that brought the head: let it run once
                // (one event-loop turn) so that a malformed first chunk is known before anything goes upstream.
                context.runOnContext(v -> decide(request, guard, exchange, outcome));
            } else {
                decide(request, guard, exchange, outcome);
            }
        });
    }

    private void decide(HttpServerRequest request, ClientConnectionGuard guard, Exchange exchange, Outcome outcome) {
        if (guard != null) {
            guard.release();
            if (guard.badBody() != null) {
                rejectAndClose(request, guard, exchange, Problem.of(GatewayError.INVALID_FRAMING,
                        "The chunked body is malformed: " + RequestHygiene.chunkProblem(guard.badBody())));
                return;
            }
        }
        String requestId = exchange.requestId();
        if (outcome instanceof Outcome.Continue) {
            proceed(request, guard, exchange);
        } else if (outcome instanceof Outcome.Respond respond) {
            answer(request, exchange, respond.problem());
        } else if (outcome instanceof Outcome.Fail fail) {
            LOG.errorf(fail.cause(), "request %s failed in the gateway", requestId);
            answer(request, exchange, fail.problem());
        } else if (outcome instanceof Outcome.Reply reply) {
            request.resume();
            exchange.put(RequestMetrics.OUTCOME, reply.outcome());
            request.response().headers().setAll(reply.headers());
            request.response().putHeader(ForwardingHeaders.X_REQUEST_ID, requestId).setStatusCode(reply.status());
            if (reply.body() == null || request.method() == HttpMethod.HEAD) {
                request.response().end();
            } else {
                request.response().end(reply.body());
            }
        }
    }

    /** The policy that answered instead of the upstream, for the metrics' {@code policy} label. */
    private static String decidedBy(Exchange exchange, String outcome, int status) {
        if (RequestMetrics.PROXIED.equals(outcome) || status >= 500) {
            return null;
        }
        String policy = exchange.get(PolicyChain.DECIDED_BY);
        return policy == null ? "gateway" : policy;
    }

    /**
     * Answers without reading the body and closes the connection after the answer: used when the request's
     * framing cannot be trusted, or its body is too large to be worth draining.
     */
    private static void rejectAndClose(HttpServerRequest request, ClientConnectionGuard guard, Exchange exchange,
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

    private void proceed(HttpServerRequest request, ClientConnectionGuard guard, Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        Upstream upstream = route == null ? null : exchange.config().upstream(route.apiId());
        if (upstream == null) {
            LOG.errorf("request %s: the chain admitted a request without a route or upstream", exchange.requestId());
            answer(request, exchange, Problem.of(GatewayError.INTERNAL_ERROR, null));
            return;
        }
        long maxBody = route.options().maxRequestBodyBytes();
        if (maxBody > 0 && declaredLength(request) > maxBody) {
            rejectAndClose(request, guard, exchange, Problem.of(GatewayError.REQUEST_TOO_LARGE,
                    "This route accepts request bodies of at most " + maxBody + " bytes"));
            return;
        }
        try {
            if (route.options().compose() != null) {
                composer.compose(request, exchange, route, upstream);
            } else {
                forwarder.forward(request, exchange, route, upstream);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "request %s: forwarding failed", exchange.requestId());
            answer(request, exchange, Problem.of(GatewayError.INTERNAL_ERROR, null));
        }
    }

    private static void answer(HttpServerRequest request, Exchange exchange, Problem problem) {
        // Drain and discard the unread body so the connection can serve the next request.
        request.resume();
        exchange.put(RequestMetrics.OUTCOME, problem.error().slug());
        ProblemWriter.write(request.response(), problem, exchange.path(), exchange.requestId());
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(ForwardingHeaders.X_REQUEST_ID);
        if (given != null && !given.isBlank() && given.length() <= MAX_REQUEST_ID_LENGTH
                && given.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return given;
        }
        return randomRequestId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id must be unique, not unguessable, and
     * {@link UUID#randomUUID()} takes the JVM's one shared {@code SecureRandom} (a lock and a read of the kernel's
     * random source) on the event loop for every request.
     */
    static String randomRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
