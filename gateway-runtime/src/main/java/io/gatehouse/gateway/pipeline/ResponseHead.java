package io.gatehouse.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.Objects;

/**
 * The answer a request is about to get, as the response phase sees it ({@link Policy#onResponse}): its status and the
 * client response's headers, which a policy may edit, just before the head is written. For an answer relayed from
 * the upstream it also carries the upstream's body, which a policy may replace with a stream that reads it (a copy
 * for the cache); for any other answer (a denial, a reply such as a cache hit or a preflight, a failure) there is no
 * body to see.
 */
public final class ResponseHead {

    private int status;
    private Buffer replacement;
    private final MultiMap headers;
    private final boolean headRequest;
    private ReadStream<Buffer> body;
    private Future<Void> ready = READY;

    private static final Future<Void> READY = Future.succeededFuture();

    private ResponseHead(int status, MultiMap headers, boolean headRequest, ReadStream<Buffer> body) {
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.headRequest = headRequest;
        this.body = body;
    }

    /** The upstream's answer, its headers already copied to {@code headers}, before its body is relayed. */
    public static ResponseHead fromUpstream(int status, MultiMap headers, boolean headRequest, ReadStream<Buffer> body) {
        return new ResponseHead(status, headers, headRequest, Objects.requireNonNull(body, "body"));
    }

    /** An answer the gateway makes itself: a denial, a reply (cache hit, preflight) or a failure. */
    public static ResponseHead fromGateway(int status, MultiMap headers, boolean headRequest) {
        return new ResponseHead(status, headers, headRequest, null);
    }

    public int status() {
        return status;
    }

    /** The client response's headers: edits here are what the client gets. */
    public MultiMap headers() {
        return headers;
    }

    /** True when the request was a HEAD (the answer has no body whatever its headers say). */
    public boolean headRequest() {
        return headRequest;
    }

    /** True when this is the upstream's answer (then {@link #body()} is its body). */
    public boolean fromUpstream() {
        return body != null;
    }

    /**
     * Answers with {@code newStatus} and {@code body} instead of the upstream's answer (a 304's empty body is read,
     * any other body is not: the upstream request is reset): e.g. the cache's stored answer after the upstream said 304
     * to its revalidation, or a stale one instead of a 503. The headers are edited
     * through {@link #headers()}. Only for an upstream's answer.
     */
    public void answerInstead(int newStatus, Buffer body) {
        if (this.body == null) {
            throw new IllegalStateException("only the upstream's answer can be replaced");
        }
        this.status = newStatus;
        this.replacement = Objects.requireNonNull(body, "body");
    }

    /** The body that replaces the upstream's answer ({@link #answerInstead}), or {@code null}. */
    public Buffer replacement() {
        return replacement;
    }

    /** The upstream's body to relay, or {@code null} for an answer of the gateway's own. */
    public ReadStream<Buffer> body() {
        return body;
    }

    /**
     * Writes the upstream's answer only once {@code condition} completed, whether it succeeded or not (e.g. a cache
     * invalidation that must be confirmed before the client can ask again); only for an upstream's answer, whose body
     * waits meanwhile. The condition must complete: bound it with a timeout.
     */
    public void holdUntil(Future<?> condition) {
        if (body == null) {
            throw new IllegalStateException("only the upstream's answer can be held");
        }
        Future<Void> settled = condition.transform(ar -> READY);
        ready = ready == READY ? settled : Future.all(ready, settled).mapEmpty();
    }

    /** Completes when the answer may be written (at once unless a policy {@link #holdUntil held} it). */
    public Future<Void> ready() {
        return ready;
    }

    /** Relays {@code replacement} instead (a stream over the current body); only for an upstream's answer. */
    public void replaceBody(ReadStream<Buffer> replacement) {
        if (body == null) {
            throw new IllegalStateException("an answer of the gateway's own has no upstream body to replace");
        }
        body = Objects.requireNonNull(replacement, "replacement");
    }
}
