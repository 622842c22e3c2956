package io.gatehouse.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body relayed from another stream, chunk by chunk, through {@link #relay}. Flow control (pause, resume, fetch) and
 * the end and exception handlers go straight to the source; a subclass overrides only what it watches or holds back.
 * Not thread-safe, like the Vert.x streams it wraps: every call comes from the source's context.
 */
public abstract class ForwardingReadStream implements ReadStream<Buffer> {

    /** The stream being relayed. */
    protected final ReadStream<Buffer> source;

    protected ForwardingReadStream(ReadStream<Buffer> source) {
        this.source = source;
    }

    /**
     * Called for each chunk of the source while a handler is set: passes {@code chunk} to {@code downstream}, or
     * holds it back.
     */
    protected abstract void relay(Buffer chunk, Handler<Buffer> downstream);

    @Override
    public final ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : chunk -> relay(chunk, handler));
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }
}
