package io.gatehouse.gateway.compose;

import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.gatehouse.gateway.problem.ProblemWriter;
import io.gatehouse.gateway.proxy.ClientChain;
import io.gatehouse.gateway.proxy.ForwardingHeaders;
import io.gatehouse.gateway.proxy.ProxyForwarder;
import io.gatehouse.gateway.proxy.Upstream;
import io.gatehouse.gateway.proxy.UpstreamTarget;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.gatehouse.gateway.upstream.TargetHealth;
import io.gatehouse.gateway.upstream.UpstreamHealth;
import io.gatehouse.gateway.upstream.UpstreamMetrics;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.gatehouse.gateway.proxy.UpstreamAddressGuard;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers a composition route: calls every part concurrently with the non-blocking Vert.x client, each under its own
 * timer, and merges their JSON ({@link CompositionMerge}). Runs after the policy chain, so authentication, plans,
 * limits and address lists apply to the composition as a whole. The answer is written when the last part has
 * finished or run out of time, so never later than the slowest part's timeout.
 */
@Singleton
public class Composer {

    private static final Logger LOG = Logger.getLogger(Composer.class);
    /** The request headers a part receives besides the forwarding ones: nothing that authenticates the client. */
    private static final Set<String> PASSED_ON = Set.of("accept-language", "user-agent", "traceparent", "tracestate",
            "baggage", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", "via", "x-request-id");

    private final Vertx vertx;
    private final HttpClient client;
    private final UpstreamHealth health;
    private final UpstreamMetrics upstreamMetrics;
    private final CompositionMetrics metrics;

    public Composer(Vertx vertx, UpstreamHealth health, UpstreamMetrics upstreamMetrics, CompositionMetrics metrics,
                    UpstreamAddressGuard guard) {
        this.vertx = vertx;
        this.health = health;
        this.upstreamMetrics = upstreamMetrics;
        this.metrics = metrics;
        this.client = guard.client(vertx, "compose", new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30)
                        .setTcpNoDelay(true).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(64), null);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Answers {@code request} (paused, admitted by the chain) from the parts of {@code route}'s composition. */
    public void compose(HttpServerRequest request, Exchange exchange, Route route, Upstream upstream) {
        Composition composition = route.options().compose();
        HttpServerResponse response = request.response();
        // The parts are GETs: the client's body has nowhere to go, so it is read and dropped.
        request.resume();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            exchange.put(RequestMetrics.OUTCOME, GatewayError.METHOD_NOT_ALLOWED.slug());
            ProblemWriter.write(response, Problem.of(GatewayError.METHOD_NOT_ALLOWED,
                    "A composition answers GET and HEAD only", java.util.Map.of("Allow", "GET, HEAD")),
                    exchange.path(), exchange.requestId());
            return;
        }
        long started = System.nanoTime();
        MultiMap headers = partHeaders(request, exchange, route);
        List<InFlight> calls = new ArrayList<>();
        List<Future<PartResult>> results = new ArrayList<>();
        for (Composition.Part part : composition.parts()) {
            InFlight call = new InFlight(part);
            calls.add(call);
            results.add(call.promise.future());
            start(call, exchange, route, upstream, headers, request.query(), composition.maxPartBytes());
        }
        response.closeHandler(v -> calls.forEach(InFlight::cancel));
        Future.join(results).onComplete(done -> {
            List<PartResult> finished = new ArrayList<>(results.size());
            results.forEach(f -> finished.add(f.result()));
            finished.forEach(r -> metrics.part(route.apiId(), route.id(), r));
            long nanos = System.nanoTime() - started;
            exchange.put(ProxyForwarder.UPSTREAM_NANOS, nanos);
            upstreamMetrics.recordLatency(route.apiId(), nanos);
            answer(request, exchange, composition, finished);
        });
    }

    private void answer(HttpServerRequest request, Exchange exchange, Composition composition, List<PartResult> results) {
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            return;
        }
        CompositionMerge.Answer answer = CompositionMerge.merge(composition, results);
        if (answer instanceof CompositionMerge.Failed failed) {
            exchange.put(RequestMetrics.OUTCOME, failed.problem().error().slug());
            ProblemWriter.write(response, failed.problem(), exchange.path(), exchange.requestId());
            return;
        }
        CompositionMerge.Merged merged = (CompositionMerge.Merged) answer;
        exchange.put(RequestMetrics.OUTCOME, RequestMetrics.PROXIED);
        Buffer body = merged.body().toBuffer();
        response.setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(ForwardingHeaders.X_REQUEST_ID, exchange.requestId())
                .putHeader("Cache-Control", "no-store")
                .putHeader(ForwardingHeaders.VIA, "1.1 " + ForwardingHeaders.VIA_PSEUDONYM);
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            response.end(body);
        }
    }

    /** One part's call: completes {@link #promise} exactly once, whatever happens first. */
    private static final class InFlight {
        final Composition.Part part;
        final Promise<PartResult> promise = Promise.promise();
        HttpClientRequest request;
        long timer = -1;

        InFlight(Composition.Part part) {
            this.part = part;
        }

        boolean finish(PartResult result) {
            return promise.tryComplete(result);
        }

        void cancel() {
            if (request != null) {
                request.reset();
            }
        }
    }

    private void start(InFlight call, Exchange exchange, Route route, Upstream upstream, MultiMap headers,
                       String clientQuery, long maxBytes) {
        Composition.Part part = call.part;
        UpstreamTarget target = part.target();
        TargetHealth state = null;
        ResilienceSettings settings = exchange.config().option(route.apiId(), ResilienceSettings.OPTION);
        String path;
        if (target == null) {
            TargetHealth[] states = health.of(route.apiId(), upstream);
            int index = upstream.pick(states, settings, System.nanoTime(), -1);
            if (index < 0) {
                call.finish(failure(part, GatewayError.NO_HEALTHY_UPSTREAM, 503,
                        "Every target of this API is failing", null));
                return;
            }
            target = upstream.targets().get(index);
            state = states[index];
            path = part.path();
        } else {
            path = "";
        }
        TargetHealth targetState = state;
        call.timer = vertx.setTimer(part.timeoutMs(), id -> {
            if (call.finish(failure(part, GatewayError.UPSTREAM_TIMEOUT, 504,
                    "The part did not answer within " + part.timeoutMs() + " ms", null))) {
                if (targetState != null) {
                    targetState.onFailure(System.nanoTime(), settings);
                }
                call.cancel();
            }
        });
        call.promise.future().onComplete(ignored -> vertx.cancelTimer(call.timer));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri(path, query(part.query(), clientQuery)))
                .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers))
                .setConnectTimeout(Math.min(route.connectTimeoutMs(), part.timeoutMs()));
        UpstreamTarget called = target;
        client.request(options)
                .compose(request -> {
                    call.request = request;
                    if (call.promise.future().isComplete()) {
                        request.reset();
                    }
                    return request.send();
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        if (call.promise.future().isComplete()) {
                            return;
                        }
                        if (targetState != null) {
                            targetState.onFailure(System.nanoTime(), settings);
                        }
                        boolean connectTimeout = isConnectTimeout(ar.cause());
                        LOG.debugf("request %s: part %s to %s:%d failed: %s", exchange.requestId(), part.name(),
                                called.host(), called.port(), ar.cause());
                        call.finish(UpstreamAddressGuard.refused(ar.cause())
                                ? failure(part, GatewayError.UPSTREAM_FORBIDDEN, 502,
                                        "The part's upstream is at an address the gateway may not connect to", null)
                                : connectTimeout
                                ? failure(part, GatewayError.UPSTREAM_TIMEOUT, 504, "Could not connect within "
                                        + options.getConnectTimeout() + " ms", null)
                                : failure(part, GatewayError.UPSTREAM_UNAVAILABLE, 502,
                                        "The part's upstream could not be reached or closed the connection", null));
                        return;
                    }
                    var response = ar.result();
                    int status = response.statusCode();
                    if (targetState != null) {
                        if (settings.countsAsFailure(status)) {
                            targetState.onFailure(System.nanoTime(), settings);
                        } else {
                            targetState.onSuccess();
                        }
                    }
                    long declared = contentLength(response.getHeader(HttpHeaders.CONTENT_LENGTH));
                    if (declared > maxBytes) {
                        call.finish(tooLarge(part, maxBytes));
                        call.cancel();
                        return;
                    }
                    Buffer body = Buffer.buffer();
                    response.handler(chunk -> {
                        if (call.promise.future().isComplete()) {
                            return;
                        }
                        if (body.length() + chunk.length() > maxBytes) {
                            call.finish(tooLarge(part, maxBytes));
                            call.cancel();
                            return;
                        }
                        body.appendBuffer(chunk);
                    });
                    response.exceptionHandler(e -> call.finish(failure(part, GatewayError.UPSTREAM_UNAVAILABLE, 502,
                            "The part's upstream closed the connection mid-body", null)));
                    response.endHandler(v -> call.finish(parsed(part, status,
                            response.getHeader(HttpHeaders.CONTENT_TYPE), body)));
                });
    }

    static PartResult parsed(Composition.Part part, int status, String contentType, Buffer body) {
        Object json = decode(body);
        if (status < 200 || status > 299) {
            return failure(part, GatewayError.PART_FAILED, status, "The part's upstream answered " + status,
                    json == NOT_JSON ? null : json);
        }
        if (json == NOT_JSON || !isJsonType(contentType)) {
            return failure(part, GatewayError.PART_NOT_JSON, 502, "The part's upstream answered "
                    + (contentType == null ? "without a Content-Type" : contentType) + ", not JSON", null);
        }
        return new PartResult.Ok(part.name(), json);
    }

    private static final Object NOT_JSON = new Object();

    private static Object decode(Buffer body) {
        if (body.length() == 0) {
            return NOT_JSON;
        }
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            return NOT_JSON;
        }
    }

    /** {@code application/json} or any {@code +json} type; a missing type is not JSON. */
    static boolean isJsonType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static PartResult tooLarge(Composition.Part part, long maxBytes) {
        return failure(part, GatewayError.PART_TOO_LARGE, 502, "The part's body is larger than " + maxBytes + " bytes",
                null);
    }

    private static PartResult.Failed failure(Composition.Part part, GatewayError error, int status, String detail,
                                             Object body) {
        return new PartResult.Failed(part.name(), error, status, detail, body);
    }

    /** The client's query goes to every part, after the part's own. */
    static String query(String partQuery, String clientQuery) {
        boolean hasPart = partQuery != null && !partQuery.isEmpty();
        boolean hasClient = clientQuery != null && !clientQuery.isEmpty();
        if (hasPart && hasClient) {
            return partQuery + "&" + clientQuery;
        }
        return hasPart ? partQuery : hasClient ? clientQuery : null;
    }

    private static MultiMap partHeaders(HttpServerRequest request, Exchange exchange, Route route) {
        ClientChain chain = exchange.get(ClientChain.KEY);
        if (chain == null) {
            String peer = ProxyForwarder.peerAddress(request);
            chain = new ClientChain(peer, peer, false);
        }
        MultiMap forwarded = ForwardingHeaders.toUpstream(request.headers(), chain, request.scheme(),
                request.version() == HttpVersion.HTTP_1_0 ? "1.0" : "1.1", exchange.requestId());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (var header : forwarded) {
            if (PASSED_ON.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        headers.set(HttpHeaders.ACCEPT, "application/json");
        route.options().requestHeaders().apply(headers);
        return headers;
    }

    private static long contentLength(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isConnectTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
