package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.compose.Composer;
import io.gatehouse.gateway.config.ActiveConfig;
import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.PolicyChain;
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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Handles every request on the public port, {@code /q/...} paths included (Quarkus' health and
 * metrics live on the management interface, another port): runs the policy chain against the
 * config in force when the request arrived, then forwards it or answers with the problem the
 * chain decided.
 */
@Singleton
public class GatewayHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);
    private static final int MAX_REQUEST_ID_LENGTH = 200;

    private final ActiveConfig active;
    private final PolicyChain chain;
    private final ProxyForwarder forwarder;
    private final TrustedProxies trustedProxies;
    private final Composer composer;
    private final RequestCompletion completion;

    public GatewayHandler(ActiveConfig active, PolicyChain chain, ProxyForwarder forwarder,
                          TrustedProxies trustedProxies, Composer composer, RequestCompletion completion) {
        this.active = active;
        this.chain = chain;
        this.forwarder = forwarder;
        this.trustedProxies = trustedProxies;
        this.composer = composer;
        this.completion = completion;
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
        UsageCapture.Arrival arrival = completion.arrive();
        String requestId = requestId(request);
        CompiledConfig config = active.current();
        if (config == null) {
            request.resume();
            completion.notReady();
            ProblemWriter.write(request.response(), Problem.of(GatewayError.GATEWAY_NOT_READY,
                    "The gateway is starting and has no configuration yet; retry shortly"), path, requestId);
            return;
        }
        Exchange exchange = exchange(request, config, path, requestId);
        completion.track(request, exchange, arrival);
        Problem badRequest = hygieneProblem(request);
        if (badRequest != null) {
            OutcomeWriter.rejectAndClose(request, guard, exchange, badRequest);
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

    /** The exchange the policies see: the request as it arrived, its client as the trusted proxies tell it. */
    private Exchange exchange(HttpServerRequest request, CompiledConfig config, String path, String requestId) {
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
        return exchange;
    }

    /** Why the request cannot be trusted as framed (400 and close), or {@code null}. */
    private static Problem hygieneProblem(HttpServerRequest request) {
        String badFraming = RequestHygiene.framingProblem(request.headers());
        if (badFraming != null) {
            return Problem.of(GatewayError.INVALID_FRAMING, badFraming);
        }
        String badHost = RequestHygiene.hostProblem(request.headers());
        if (badHost != null) {
            return Problem.of(GatewayError.INVALID_HOST, badHost);
        }
        String badPath = RequestHygiene.pathProblem(request.path());
        return badPath == null ? null : Problem.of(GatewayError.INVALID_PATH, badPath);
    }

    private void decide(HttpServerRequest request, ClientConnectionGuard guard, Exchange exchange, Outcome outcome) {
        if (guard != null) {
            guard.release();
            if (guard.badBody() != null) {
                OutcomeWriter.rejectAndClose(request, guard, exchange, Problem.of(GatewayError.INVALID_FRAMING,
                        "The chunked body is malformed: " + RequestHygiene.chunkProblem(guard.badBody())));
                return;
            }
        }
        if (outcome instanceof Outcome.Continue) {
            proceed(request, guard, exchange);
        } else if (outcome instanceof Outcome.Respond respond) {
            OutcomeWriter.answer(request, exchange, respond.problem());
        } else if (outcome instanceof Outcome.Fail fail) {
            LOG.errorf(fail.cause(), "request %s failed in the gateway", exchange.requestId());
            OutcomeWriter.answer(request, exchange, fail.problem());
        } else if (outcome instanceof Outcome.Reply reply) {
            OutcomeWriter.reply(request, exchange, reply);
        }
    }

    private void proceed(HttpServerRequest request, ClientConnectionGuard guard, Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        Upstream upstream = route == null ? null : exchange.config().option(route.apiId(), Upstream.OPTION);
        if (upstream == null) {
            LOG.errorf("request %s: the chain admitted a request without a route or upstream", exchange.requestId());
            OutcomeWriter.answer(request, exchange, Problem.of(GatewayError.INTERNAL_ERROR, null));
            return;
        }
        long maxBody = route.options().maxRequestBodyBytes();
        if (maxBody > 0 && declaredLength(request) > maxBody) {
            OutcomeWriter.rejectAndClose(request, guard, exchange, Problem.of(GatewayError.REQUEST_TOO_LARGE,
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
            OutcomeWriter.answer(request, exchange, Problem.of(GatewayError.INTERNAL_ERROR, null));
        }
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
