package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.proxy.ForwardingReadStream;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.function.Consumer;

/**
 * Relays an upstream body unchanged while keeping a copy of it, up to {@code max} bytes, for the cache. When the
 * body ends within the limit {@code onBody} gets the copy; when it grows past the limit or fails, {@code onGiveUp}
 * runs and the copy is dropped. Exactly one of the two runs, at most once.
 */
final class TeeBody extends ForwardingReadStream {

    private final long max;
    private final Consumer<Buffer> onBody;
    private final Runnable onGiveUp;
    private Buffer copy = Buffer.buffer();
    private boolean done;

    TeeBody(ReadStream<Buffer> source, long max, Consumer<Buffer> onBody, Runnable onGiveUp) {
        super(source);
        this.max = max;
        this.onBody = onBody;
        this.onGiveUp = onGiveUp;
    }

    private void giveUp() {
        if (!done) {
            done = true;
            copy = null;
            onGiveUp.run();
        }
    }

    @Override
    protected void relay(Buffer chunk, Handler<Buffer> downstream) {
        if (!done) {
            if (copy.length() + chunk.length() > max) {
                giveUp();
            } else {
                copy.appendBuffer(chunk);
            }
        }
        downstream.handle(chunk);
    }

    // Both hooks stay installed even without a downstream handler: the copy must be settled either way.
    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(e -> {
            giveUp();
            if (handler != null) {
                handler.handle(e);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(v -> {
            if (!done) {
                done = true;
                onBody.accept(copy);
                copy = null;
            }
            if (endHandler != null) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
