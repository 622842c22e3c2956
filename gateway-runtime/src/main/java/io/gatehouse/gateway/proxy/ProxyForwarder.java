package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.ingress.ClientConnectionGuard;
import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.FailureFallback;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.pipeline.UpstreamFetch;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.gatehouse.gateway.problem.ProblemWriter;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.gatehouse.gateway.upstream.TargetHealth;
import io.gatehouse.gateway.upstream.UpstreamHealth;
import io.gatehouse.gateway.upstream.UpstreamMetrics;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.Pipe;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Forwards an admitted request to a target of its API with the core Vert.x HTTP client: the
 * request body is streamed from the paused server request and the response is piped back, both
 * with back-pressure. Upstream failures become {@code upstream-unavailable} (502) or
 * {@code upstream-timeout} (504), unless a policy left a {@link FailureFallback} that answers instead. It also sends
 * the background GETs of {@link UpstreamFetch} (a cache refreshing a stale answer).
 */
@Singleton
public class ProxyForwarder implements UpstreamFetch {

    private static final Logger LOG = Logger.getLogger(ProxyForwarder.class);
    static final int POOL_SIZE_PER_TARGET = 64;

    /** Nanoseconds from the start of forwarding to the upstream's response head; set only when the upstream answered. */
    public static final Exchange.Key<Long> UPSTREAM_NANOS = new Exchange.Key<>("upstream-nanos");
    private static final Exchange.Key<Long> FORWARD_STARTED_NANOS = new Exchange.Key<>("forward-started-nanos");

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    private final Vertx vertx;
    private final HttpClient client;
    private final UpstreamHealth health;
    private final UpstreamMetrics metrics;

    public ProxyForwarder(Vertx vertx, UpstreamHealth health, UpstreamMetrics metrics, UpstreamAddressGuard guard) {
        this.vertx = vertx;
        this.health = health;
        this.metrics = metrics;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                // Shorter than most servers' idle timeout, so we rarely reuse a connection the upstream is closing.
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setTryUseCompression(false);
        // The default pool of 5 connections per target would cap throughput at 5 / upstream latency.
        this.client = guard.client(vertx, "proxy", options, new PoolOptions().setHttp1MaxSize(POOL_SIZE_PER_TARGET),
                UpstreamConnectionGuard::install);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Sends {@code request} (which must be paused) to a target of {@code upstream} that may take traffic and
     * relays the answer. An idempotent request without a body whose target could not be reached, or closed the
     * connection before answering, is sent once more to another target (route's {@code maxRetries}, within the
     * API's retry budget). Always ends the client's response, one way or the other.
     */
    public void forward(HttpServerRequest request, Exchange exchange, Route route, Upstream upstream) {
        exchange.put(FORWARD_STARTED_NANOS, System.nanoTime());
        ClientChain chain = exchange.get(ClientChain.KEY);
        if (chain == null) {
            String peer = peerAddress(request);
            chain = new ClientChain(peer, peer, false);
        }
        MultiMap headers = ForwardingHeaders.toUpstream(request.headers(), chain, request.scheme(),
                request.version() == HttpVersion.HTTP_1_0 ? "1.0" : "1.1", exchange.requestId(),
                exchange.config().option(route.apiId(), UnsafeHeaders.FORWARD));
        route.options().requestHeaders().apply(headers);
        MultiMap fromPolicies = exchange.upstreamHeadersIfAny();
        if (fromPolicies != null) {
            headers.setAll(fromPolicies);
        }
        health.budget(route.apiId()).deposit();
        attempt(new Attempt(request, exchange, route, upstream, headers), 0, -1);
    }

    /** One forwarding of one request, across its retries. */
    private record Attempt(HttpServerRequest request, Exchange exchange, Route route, Upstream upstream,
                           MultiMap headers) {
    }

    private void attempt(Attempt a, int retriesDone, int avoid) {
        ResilienceSettings settings = a.exchange.config().option(a.route.apiId(), ResilienceSettings.OPTION);
        TargetHealth[] states = health.of(a.route.apiId(), a.upstream);
        int index = a.upstream.pick(states, settings, System.nanoTime(), avoid);
        if (index < 0) {
            a.request.resume();
            if (answeredInstead(a.request, a.exchange, GatewayError.NO_HEALTHY_UPSTREAM.status())) {
                return;
            }
            a.exchange.put(RequestMetrics.OUTCOME, GatewayError.NO_HEALTHY_UPSTREAM.slug());
            ProblemWriter.write(a.request.response(), Problem.of(GatewayError.NO_HEALTHY_UPSTREAM,
                    "Every target of this API is failing; retry shortly"), a.exchange.path(), a.exchange.requestId());
            return;
        }
        UpstreamTarget target = a.upstream.targets().get(index);
        TargetHealth state = states[index];
        RequestOptions options = new RequestOptions()
                .setMethod(a.request.method())
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri(a.route.forwardPath(a.exchange.path()), a.request.query()))
                .setHeaders(a.headers)
                .setConnectTimeout(a.route.connectTimeoutMs());
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                state.onFailure(System.nanoTime(), settings);
                if (retry(a, retriesDone)) {
                    attempt(a, retriesDone + 1, index);
                    return;
                }
                a.request.resume();
                answerFailure(a.request, a.exchange, a.route, target, connected.cause(), false);
                return;
            }
            send(a, target, state, settings, connected.result(), retriesDone, index);
        });
    }

    private boolean retry(Attempt a, int retriesDone) {
        if (retriesDone >= a.route.options().maxRetries() || !IDEMPOTENT.contains(a.request.method())
                || hasBody(a.request) || a.request.response().headWritten() || a.request.response().closed()) {
            return false;
        }
        if (!health.budget(a.route.apiId()).tryRetry()) {
            LOG.debugf("request %s: not retried, the retry budget of api %s is spent", a.exchange.requestId(),
                    a.route.apiId());
            return false;
        }
        metrics.retried(a.route.apiId());
        return true;
    }

    private void send(Attempt a, UpstreamTarget target, TargetHealth state, ResilienceSettings settings,
                      HttpClientRequest upstreamRequest, int retriesDone, int index) {
        HttpServerRequest request = a.request;
        HttpServerResponse response = request.response();
        boolean[] timedOut = {false};
        long timer = vertx.setTimer(a.route.responseTimeoutMs(), id -> {
            timedOut[0] = true;
            upstreamRequest.reset();
        });
        // A client that goes away must not leave the upstream exchange running.
        response.closeHandler(v -> upstreamRequest.reset());
        if (retriesDone == 0 && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            response.writeContinue();
        }
        if (request.version() != HttpVersion.HTTP_1_0) {
            // 103 is relayed as an interim answer (HTTP/1.0 clients must get no 1xx); other 1xx never get this far.
            upstreamRequest.earlyHintsHandler(hints -> {
                if (!response.headWritten() && !response.closed()) {
                    MultiMap relayed = MultiMap.caseInsensitiveMultiMap();
                    ForwardingHeaders.toClient(hints, relayed, "1.1");
                    response.writeEarlyHints(relayed);
                }
            });
        }
        Future<HttpClientResponse> answered;
        LimitedBody limited = null;
        boolean withBody = hasBody(request);
        if (withBody) {
            if (!upstreamRequest.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                upstreamRequest.setChunked(true);
            }
            long max = a.route.options().maxRequestBodyBytes();
            if (max > 0 && !upstreamRequest.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                limited = new LimitedBody(request, max, upstreamRequest::reset);
                answered = upstreamRequest.send(limited);
            } else {
                answered = upstreamRequest.send(request);
            }
        } else {
            request.resume();
            answered = upstreamRequest.send();
        }
        LimitedBody body = limited;
        answered.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.failed()) {
                if (body != null && body.exceeded()) {
                    answerTooLarge(request, a.exchange, a.route);
                    return;
                }
                if (!response.closed()) {
                    // Only the upstream's fault counts against it: a client that left is not a failing target.
                    state.onFailure(System.nanoTime(), settings);
                }
                if (!timedOut[0] && retry(a, retriesDone)) {
                    response.closeHandler(null);
                    attempt(a, retriesDone + 1, index);
                    return;
                }
                if (!request.isEnded()) {
                    request.resume();
                }
                answerFailure(request, a.exchange, a.route, target, ar.cause(), timedOut[0]);
                return;
            }
            // An answer like 503 means the target cannot serve now: it counts toward ejection like a refused
            // connection, but the answer itself is relayed (it may carry Retry-After and a body the client needs).
            if (settings.countsAsFailure(ar.result().statusCode())) {
                state.onFailure(System.nanoTime(), settings);
            } else {
                state.onSuccess();
            }
            relay(request, a.exchange, a.route, ar.result());
        });
    }

    private void answerTooLarge(HttpServerRequest request, Exchange exchange, Route route) {
        HttpServerResponse response = request.response();
        exchange.put(RequestMetrics.OUTCOME, GatewayError.REQUEST_TOO_LARGE.slug());
        if (response.headWritten()) {
            response.reset();
            return;
        }
        ClientConnectionGuard guard = ClientConnectionGuard.of(request);
        if (guard != null) {
            // The rest of the body, and any request pipelined behind it, is never read.
            guard.condemn();
        }
        response.putHeader(HttpHeaders.CONNECTION, "close");
        ProblemWriter.write(response, Problem.of(GatewayError.REQUEST_TOO_LARGE, "This route accepts request bodies of at most "
                + route.options().maxRequestBodyBytes() + " bytes"), exchange.path(), exchange.requestId());
        // The rest of the body is not read: the connection cannot carry another request.
        // After the answer is flushed (response.close waits for the write once the head is out).
        request.response().close();
    }

    private void relay(HttpServerRequest request, Exchange exchange, Route route, HttpClientResponse upstreamResponse) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            // The client went away: no answer will be written, the request is over.
            exchange.complete();
            upstreamResponse.request().reset();
            return;
        }
        exchange.put(RequestMetrics.OUTCOME, RequestMetrics.PROXIED);
        long upstreamNanos = System.nanoTime() - exchange.get(FORWARD_STARTED_NANOS);
        exchange.put(UPSTREAM_NANOS, upstreamNanos);
        metrics.recordLatency(route.apiId(), upstreamNanos);
        int status = upstreamResponse.statusCode();
        ForwardingHeaders.toClient(upstreamResponse.headers(), response.headers(),
                upstreamResponse.version() == HttpVersion.HTTP_1_0 ? "1.0" : "1.1");
        route.options().responseHeaders().apply(response.headers());
        // The response phase sees the upstream's answer before its head is written, and may read its body on the way.
        ResponseHead head = ResponseHead.fromUpstream(status, response.headers(), request.method() == HttpMethod.HEAD,
                upstreamResponse);
        exchange.respond(head);
        response.setStatusCode(head.status());
        if (head.status() == status && upstreamResponse.statusMessage() != null) {
            response.setStatusMessage(upstreamResponse.statusMessage());
        }
        if (!response.headers().contains(ForwardingHeaders.X_REQUEST_ID)) {
            response.headers().set(ForwardingHeaders.X_REQUEST_ID, exchange.requestId());
        }
        if (head.replacement() != null) {
            // A policy answers instead. A 304 has no body: the connection is reused. Any other answer's body (a 5xx
            // replaced by a stale answer) may be large or slow: the upstream request is reset rather than read.
            if (status == 304) {
                upstreamResponse.body();
            } else {
                upstreamResponse.request().reset();
            }
            response.headers().remove(HttpHeaders.TRANSFER_ENCODING);
            head.ready().onComplete(v -> {
                if (response.closed()) {
                    return;
                }
                if (request.method() == HttpMethod.HEAD) {
                    response.end();
                } else {
                    response.end(head.replacement());
                }
            });
            return;
        }
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(request.method(), status)) {
            response.setChunked(true);
        }
        Future<Void> ready = head.ready();
        if (ready.isComplete()) {
            pipe(exchange, head.body().pipe(), response);
            return;
        }
        // A policy holds the answer (e.g. until a shared cache invalidation is confirmed): the body waits, paused.
        Pipe<Buffer> waiting = head.body().pipe();
        ready.onComplete(v -> {
            if (response.closed()) {
                waiting.close();
                upstreamResponse.request().reset();
                return;
            }
            pipe(exchange, waiting, response);
        });
    }

    private static void pipe(Exchange exchange, Pipe<Buffer> body, HttpServerResponse response) {
        body.endOnFailure(false).to(response).onFailure(e -> {
            // Headers are gone already: cutting the connection is the only honest signal of a truncated body.
            LOG.debugf("request %s: relaying the upstream response failed: %s", exchange.requestId(), e.toString());
            response.reset();
        });
    }

    private void answerFailure(HttpServerRequest request, Exchange exchange, Route route, UpstreamTarget target,
                               Throwable cause, boolean timedOut) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            exchange.complete();
            return;
        }
        Problem problem;
        if (UpstreamAddressGuard.refused(cause)) {
            problem = Problem.of(GatewayError.UPSTREAM_FORBIDDEN,
                    "The upstream is at an address the gateway may not connect to");
        } else if (timedOut) {
            problem = Problem.of(GatewayError.UPSTREAM_TIMEOUT,
                    "The upstream did not answer within " + route.responseTimeoutMs() + " ms");
        } else if (isConnectTimeout(cause)) {
            problem = Problem.of(GatewayError.UPSTREAM_TIMEOUT,
                    "Could not connect to the upstream within " + route.connectTimeoutMs() + " ms");
        } else {
            problem = Problem.of(GatewayError.UPSTREAM_UNAVAILABLE,
                    "The upstream could not be reached or closed the connection");
        }
        LOG.warnf("request %s: route %s to %s:%d failed (%s): %s", exchange.requestId(), route.id(),
                target.host(), target.port(), problem.error().slug(), cause == null ? "-" : cause.toString());
        if (response.headWritten()) {
            exchange.put(RequestMetrics.OUTCOME, problem.error().slug());
            response.reset();
        } else if (!answeredInstead(request, exchange, problem.error().status())) {
            exchange.put(RequestMetrics.OUTCOME, problem.error().slug());
            ProblemWriter.write(response, problem, exchange.path(), exchange.requestId());
        }
    }

    /**
     * Sends the answer a policy's {@link FailureFallback} offers instead of an error with {@code status}; false when
     * there is none (then the caller writes the error).
     */
    private static boolean answeredInstead(HttpServerRequest request, Exchange exchange, int status) {
        FailureFallback fallback = exchange.get(FailureFallback.KEY);
        Outcome.Reply reply;
        try {
            reply = fallback == null ? null : fallback.instead(status);
        } catch (RuntimeException e) {
            LOG.errorf(e, "request %s: the failure fallback failed; the error is sent", exchange.requestId());
            reply = null;
        }
        if (reply == null) {
            return false;
        }
        HttpServerResponse response = request.response();
        exchange.put(RequestMetrics.OUTCOME, reply.outcome());
        response.headers().setAll(reply.headers());
        response.putHeader(ForwardingHeaders.X_REQUEST_ID, exchange.requestId()).setStatusCode(reply.status());
        if (reply.body() == null || request.method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(reply.body());
        }
        return true;
    }

    @Override
    public Future<Fetched> fetch(Exchange exchange, MultiMap headers, long maxBodyBytes) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        Upstream upstream = route == null ? null : exchange.config().option(route.apiId(), Upstream.OPTION);
        if (upstream == null) {
            return Future.failedFuture(new IllegalStateException("the request has no route or upstream"));
        }
        ResilienceSettings settings = exchange.config().option(route.apiId(), ResilienceSettings.OPTION);
        TargetHealth[] states = health.of(route.apiId(), upstream);
        int index = upstream.pick(states, settings, System.nanoTime(), -1);
        if (index < 0) {
            return Future.failedFuture(new IllegalStateException("no target of api " + route.apiId() + " takes traffic"));
        }
        UpstreamTarget target = upstream.targets().get(index);
        TargetHealth state = states[index];
        ClientChain chain = exchange.get(ClientChain.KEY);
        if (chain == null) {
            String ip = exchange.get(Exchange.CLIENT_IP);
            chain = new ClientChain(ip, ip, false);
        }
        String scheme = exchange.get(Exchange.SCHEME);
        MultiMap out = ForwardingHeaders.toUpstream(exchange.headers(), chain, scheme == null ? "http" : scheme, "1.1",
                exchange.requestId(), exchange.config().option(route.apiId(), UnsafeHeaders.FORWARD));
        for (CharSequence name : NOT_FETCHED) {
            out.remove(name);
        }
        route.options().requestHeaders().apply(out);
        MultiMap fromPolicies = exchange.upstreamHeadersIfAny();
        if (fromPolicies != null) {
            out.setAll(fromPolicies);
        }
        out.setAll(headers);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri(route.forwardPath(exchange.path()), exchange.get(Exchange.QUERY)))
                .setHeaders(out)
                .setConnectTimeout(route.connectTimeoutMs());
        io.vertx.core.Promise<Fetched> fetched = io.vertx.core.Promise.promise();
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                state.onFailure(System.nanoTime(), settings);
                fetched.fail(connected.cause());
                return;
            }
            HttpClientRequest upstreamRequest = connected.result();
            long timer = vertx.setTimer(route.responseTimeoutMs(), id -> upstreamRequest.reset());
            upstreamRequest.send().onComplete(answered -> {
                if (answered.failed()) {
                    vertx.cancelTimer(timer);
                    state.onFailure(System.nanoTime(), settings);
                    fetched.fail(answered.cause());
                    return;
                }
                HttpClientResponse response = answered.result();
                if (settings.countsAsFailure(response.statusCode())) {
                    state.onFailure(System.nanoTime(), settings);
                } else {
                    state.onSuccess();
                }
                Buffer body = Buffer.buffer();
                response.handler(chunk -> {
                    if (body.length() + chunk.length() > maxBodyBytes) {
                        vertx.cancelTimer(timer);
                        upstreamRequest.reset();
                        fetched.tryFail("the answer is larger than " + maxBodyBytes + " bytes");
                    } else {
                        body.appendBuffer(chunk);
                    }
                });
                response.exceptionHandler(e -> {
                    vertx.cancelTimer(timer);
                    fetched.tryFail(e);
                });
                response.endHandler(v -> {
                    vertx.cancelTimer(timer);
                    MultiMap relayed = MultiMap.caseInsensitiveMultiMap();
                    ForwardingHeaders.toClient(response.headers(), relayed,
                            response.version() == HttpVersion.HTTP_1_0 ? "1.0" : "1.1");
                    route.options().responseHeaders().apply(relayed);
                    fetched.tryComplete(new Fetched(response.statusCode(), relayed, body));
                });
            });
        });
        return fetched.future();
    }

    /** Client fields a background GET does not send: its body's framing, its own preconditions and ranges. */
    private static final CharSequence[] NOT_FETCHED = {HttpHeaders.CONTENT_LENGTH, HttpHeaders.TRANSFER_ENCODING,
            HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE, HttpHeaders.IF_MATCH,
            HttpHeaders.createOptimized("If-Unmodified-Since"), HttpHeaders.createOptimized("If-Range"), HttpHeaders.createOptimized("Range"),
            HttpHeaders.CACHE_CONTROL, HttpHeaders.createOptimized("Pragma")};

    private static boolean isConnectTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0");
    }

    private static boolean mayHaveBody(HttpMethod method, int status) {
        return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }

    /** The TCP peer's address of {@code request}, as a literal. */
    public static String peerAddress(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}
